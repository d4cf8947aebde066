package dev.canopy.tenancy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quantity arithmetic for quotas: amounts are {@link BigDecimal}s in base units (cores, bytes, counts),
 * exact, so sums never drift; messages print them back in the unit the user wrote.
 */
public final class Quantities {
    private Quantities() {}

    private static final Map<String, BigDecimal> SUFFIX = new LinkedHashMap<>();

    static {
        String[] bin = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
        for (int i = 0; i < bin.length; i++) SUFFIX.put(bin[i], BigDecimal.valueOf(1024).pow(i + 1));
        String[] dec = {"k", "M", "G", "T", "P", "E"};
        for (int i = 0; i < dec.length; i++) SUFFIX.put(dec[i], BigDecimal.TEN.pow(3 * (i + 1)));
        SUFFIX.put("m", new BigDecimal("0.001"));
    }

    /** The amount of {@code q} in base units; throws IllegalArgumentException when it is not a quantity. */
    public static BigDecimal amount(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    /** The amount of a quantity string such as {@code 500m}, {@code 10Gi}, {@code 3}. */
    public static BigDecimal amount(String q) {
        return amount(new Quantity(q));
    }

    /** The quantity as the user wrote it ({@code 8}, {@code 10Gi}). */
    public static String text(Quantity q) {
        return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
    }

    /**
     * {@code amount} printed in the unit of {@code like} when that is exact to three decimals
     * ({@code 6Gi}, {@code 1.5Gi}, {@code 250m}), else as a plain number of base units.
     */
    public static String format(BigDecimal amount, Quantity like) {
        String suffix = like == null || like.getFormat() == null ? "" : like.getFormat();
        BigDecimal unit = SUFFIX.get(suffix);
        if (unit != null) {
            BigDecimal v = amount.divide(unit, MathContext.DECIMAL64);
            if (v.setScale(3, java.math.RoundingMode.DOWN).compareTo(v) == 0) return plain(v) + suffix;
        }
        return plain(amount);
    }

    /** Quota keys as Canopy counts them: {@code requests.cpu} → {@code cpu} (Kubernetes ResourceQuota spelling accepted). */
    public static String resourceKey(String key) {
        return key.startsWith("requests.") ? key.substring("requests.".length()) : key;
    }

    /** Parses a quota map into amounts by normalized key, sorted for deterministic messages. */
    public static Map<String, BigDecimal> amounts(Map<String, Quantity> quotas) {
        Map<String, BigDecimal> out = new TreeMap<>();
        if (quotas != null) quotas.forEach((k, v) -> out.merge(resourceKey(k), amount(v), BigDecimal::min));
        return out;
    }

    static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
