package dev.canopy.server.templates;

import dev.canopy.api.FieldError;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which chart repository URLs a Template may name, so that whoever may create Templates cannot make the
 * seed fetch arbitrary URLs (SSRF). Always: {@code http} or {@code https} with a host, and never a
 * link-local address ({@code 169.254.0.0/16}, {@code fe80::/10}: cloud metadata services live there) nor
 * AWS's IPv6 metadata address {@code fd00:ec2::254}. When {@code allowedPrefixes} is not empty, the
 * repository URL must also start with one of them (the seed's {@code --chart-repository} flag).
 *
 * <p>{@link #check} is pure (admission: the URL as written, literal addresses only); {@link #checkFetch}
 * resolves the host and refuses when any of its addresses is refused — it runs before every request the
 * seed makes (index, chart, each redirect), so a name that resolves to a metadata address, an index that
 * points a chart at one, or a redirect to one is refused too. Immutable, thread-safe.
 *
 * @param allowedPrefixes URL prefixes a repository URL must start with; empty: any http/https URL
 */
public record ChartRepositoryPolicy(List<String> allowedPrefixes) {
    public ChartRepositoryPolicy {
        allowedPrefixes = List.copyOf(allowedPrefixes);
    }

    /** Any http/https repository except the refused addresses. */
    public static ChartRepositoryPolicy defaults() { return new ChartRepositoryPolicy(List.of()); }

    /** What is wrong with {@code url} as a repository URL written in a Template, for {@code field}; empty when fine. No I/O. */
    public Optional<FieldError> check(String field, String url) {
        Optional<String> why = refusal(url);
        if (why.isEmpty() && !allowedPrefixes.isEmpty() && allowedPrefixes.stream().noneMatch(url::startsWith)) {
            why = Optional.of("chart repositories must start with one of " + String.join(", ", allowedPrefixes) + " (the seed's --chart-repository)");
        }
        return why.map(w -> FieldError.invalid(field, url, w));
    }

    /**
     * Refuses a URL the seed is about to request (repository or chart URL, or a redirect's target): the
     * scheme and literal-address rules, then every address the host resolves to. Does DNS.
     *
     * @return why it is refused, empty when it may be fetched
     */
    public Optional<String> checkFetch(URI uri) {
        Optional<String> why = refusal(uri.toString());
        if (why.isPresent()) return why;
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (refused(a)) return Optional.of(uri.getHost() + " resolves to " + a.getHostAddress() + ", a link-local or metadata address");
            }
        } catch (UnknownHostException e) {
            return Optional.empty(); // the request itself will fail and say so
        }
        return Optional.empty();
    }

    /** The rules that need no DNS: scheme, host, literal addresses. */
    static Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) return Optional.of("only http and https chart repositories are allowed");
        String host = uri.getHost();
        if (host == null || host.isEmpty()) return Optional.of("the URL has no host");
        if (literal(host)) {
            try {
                if (refused(InetAddress.getByName(host))) return Optional.of("link-local and metadata addresses are not allowed");
            } catch (UnknownHostException e) {
                return Optional.of("not a valid address: " + host);
            }
        }
        return Optional.empty();
    }

    /** An IP literal (IPv6 in brackets, or dotted IPv4): resolving it does no DNS. */
    private static boolean literal(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    /** 169.254.0.0/16 and fe80::/10 (also as IPv4-mapped IPv6), and fd00:ec2::254. */
    static boolean refused(InetAddress a) {
        if (a.isLinkLocalAddress()) return true;
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff && b[12] == (byte) 169 && b[13] == (byte) 254) return true;
            return v6.getHostAddress().equals("fd00:ec2:0:0:0:0:0:254");
        }
        return false;
    }
}
