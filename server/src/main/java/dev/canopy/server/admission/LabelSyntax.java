package dev.canopy.server.admission;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kubernetes' syntax for label/annotation keys (qualified names) and label values. */
final class LabelSyntax {
    private LabelSyntax() {}

    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    static Optional<String> key(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !PREFIX.matcher(prefix).matches()) {
                return Optional.of("prefix part must be a lowercase RFC 1123 subdomain of at most 253 characters");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            return Optional.of("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, at most 63 characters (regex '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        }
        return Optional.empty();
    }

    static Optional<String> value(String value) {
        if (value.isEmpty()) return Optional.empty();
        if (value.length() > 63 || !NAME.matcher(value).matches()) {
            return Optional.of("a valid label value must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, at most 63 characters");
        }
        return Optional.empty();
    }
}
