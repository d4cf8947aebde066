package dev.canopy.api;

import java.util.Optional;
import java.util.regex.Pattern;

/** How a kind's {@code metadata.name} is validated (as kube-apiserver does per kind). */
public enum NameRule {
    /** RFC 1123 label: at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric (namespaces). */
    DNS1123_LABEL(63, Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
    /** RFC 1123 subdomain: at most 253 characters of dot-separated labels (most kinds). */
    DNS1123_SUBDOMAIN(253, Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"),
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
    /** RBAC objects: any name that is a valid path segment (not '.', '..', no '/' or '%'). */
    PATH_SEGMENT(253, Pattern.compile("[^/%]+"), "may not contain '/' or '%', and may not be '.' or '..'");

    private final int max;
    private final Pattern pattern;
    private final String rule;

    NameRule(int max, Pattern pattern, String rule) {
        this.max = max;
        this.pattern = pattern;
        this.rule = rule;
    }

    /** The reason the name is refused, or empty when it is acceptable. */
    public Optional<String> check(String name) {
        if (name == null || name.isEmpty()) return Optional.of("name or generateName is required");
        if (name.length() > max) return Optional.of("must be no more than " + max + " characters");
        if (this == PATH_SEGMENT && (name.equals(".") || name.equals(".."))) return Optional.of(rule);
        if (!pattern.matcher(name).matches()) return Optional.of(rule);
        return Optional.empty();
    }
}
