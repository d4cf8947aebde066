package dev.canopy.api.selector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ?fieldSelector=} over {@code metadata.name} and {@code metadata.namespace} (operators =, ==, !=,
 * comma-separated). Any other field is a 400 naming the supported fields. Immutable.
 * STUB SIGNATURES: implementation owned by the store work.
 */
public final class FieldSelector {
    public static final FieldSelector EVERYTHING = new FieldSelector();

    private FieldSelector() {}

    public static FieldSelector parse(String text) { throw new UnsupportedOperationException("todo"); }

    public boolean matches(JsonNode object) { throw new UnsupportedOperationException("todo"); }

    public boolean isEverything() { return this == EVERYTHING; }

    /** The exact metadata.name this selector requires, or null (lets the store do a point read). */
    public String requiredName() { throw new UnsupportedOperationException("todo"); }
}
