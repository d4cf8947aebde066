package dev.canopy.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A Kubernetes label selector: the string form of {@code ?labelSelector=} (equality {@code a=b,a==b,a!=b};
 * set-based {@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}) and the object form
 * ({@code matchLabels}, {@code matchExpressions} with In/NotIn/Exists/DoesNotExist). Immutable.
 * STUB SIGNATURES: implementation owned by the store work.
 */
public final class LabelSelector {
    public static final LabelSelector EVERYTHING = new LabelSelector();
    /** Matches nothing (an object-form selector that is null means "no cluster" for placement). */
    public static final LabelSelector NOTHING = new LabelSelector();

    private LabelSelector() {}

    /** Parses the query-string form; a syntax error is a 400 {@code ApiException} naming labelSelector and the rule. */
    public static LabelSelector parse(String text) { throw new UnsupportedOperationException("todo"); }

    /** From the object form ({@code {matchLabels:…, matchExpressions:[…]}}); null/missing → NOTHING; {} → EVERYTHING. */
    public static LabelSelector fromJson(JsonNode selector) { throw new UnsupportedOperationException("todo"); }

    public boolean matches(Map<String, String> labels) { throw new UnsupportedOperationException("todo"); }

    public boolean isEverything() { return this == EVERYTHING; }

    /** The equality requirements (k=v) contained in this selector, for index-assisted lookups. */
    public Map<String, String> equalities() { throw new UnsupportedOperationException("todo"); }
}
