package dev.canopy.api.apps;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Cozystack's sizing presets ({@code resourcesPreset}), used when an app gives no explicit
 * {@code resources}. The values are Cozystack's (cozy-lib) per-replica limits for the flat names; newer
 * Cozystack also knows instance-type names ({@code t1.small}, {@code u1.medium} ...), not accepted here yet.
 */
public enum ResourcesPreset {
    NANO("nano", "250m", "128Mi"),
    MICRO("micro", "500m", "256Mi"),
    SMALL("small", "1", "512Mi"),
    MEDIUM("medium", "1", "1Gi"),
    LARGE("large", "2", "2Gi"),
    XLARGE("xlarge", "4", "4Gi"),
    X2LARGE("2xlarge", "8", "8Gi");

    private final String value;
    private final Quantity cpu, memory;

    ResourcesPreset(String value, String cpu, String memory) {
        this.value = value;
        this.cpu = new Quantity(cpu);
        this.memory = new Quantity(memory);
    }

    /** The name as written in manifests: {@code nano} ... {@code 2xlarge}. */
    public String value() { return value; }
    public Quantity cpu() { return cpu; }
    public Quantity memory() { return memory; }

    /** The allowed names, in size order (for {@code FieldValueNotSupported} messages and schemas). */
    public static List<String> names() { return Arrays.stream(values()).map(ResourcesPreset::value).toList(); }

    public static Optional<ResourcesPreset> of(String value) {
        for (ResourcesPreset p : values()) if (p.value.equals(value)) return Optional.of(p);
        return Optional.empty();
    }
}
