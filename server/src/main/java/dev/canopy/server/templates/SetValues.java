package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure rule: Helm's {@code --set name=value} (and {@code --set-string} with forceString) merged into a values
 * tree. Names are dotted paths with list indexes ({@code image.tag}, {@code servers[0].port}; {@code \.}
 * escapes a dot in a key). Values are typed as {@code --set} types them: {@code true}/{@code false},
 * {@code null} and integers become JSON values, everything else a string; forceString keeps a string.
 * Merged here rather than passed to Helm so that one values file holds everything and forceString works.
 */
final class SetValues {
    private SetValues() {}

    private static final Pattern INDEX = Pattern.compile("^(.*)\\[(\\d+)]$");
    private static final Pattern INT = Pattern.compile("^-?(0|[1-9][0-9]{0,17})$");

    static void apply(ObjectNode values, String name, String value, boolean forceString) {
        List<String> keys = split(name);
        JsonNode leaf = typed(value, forceString);
        JsonNode cur = values;
        for (int i = 0; i < keys.size(); i++) {
            boolean last = i == keys.size() - 1;
            Matcher m = INDEX.matcher(keys.get(i));
            if (m.matches()) {
                ObjectNode parent = (ObjectNode) cur;
                JsonNode existing = parent.get(m.group(1));
                ArrayNode arr = existing instanceof ArrayNode a ? a : parent.putArray(m.group(1));
                int idx = Integer.parseInt(m.group(2));
                if (idx > 10_000) throw new IllegalArgumentException("setValues " + name + ": index " + idx + " is too large");
                while (arr.size() <= idx) arr.addNull();
                if (last) { arr.set(idx, leaf); return; }
                if (!(arr.get(idx) instanceof ObjectNode)) arr.set(idx, JsonNodeFactory.instance.objectNode());
                cur = arr.get(idx);
            } else {
                ObjectNode parent = (ObjectNode) cur;
                if (last) { parent.set(keys.get(i), leaf); return; }
                if (!(parent.get(keys.get(i)) instanceof ObjectNode)) parent.putObject(keys.get(i));
                cur = parent.get(keys.get(i));
            }
        }
    }

    static JsonNode typed(String v, boolean forceString) {
        if (forceString || v == null) return JsonNodeFactory.instance.textNode(v == null ? "" : v);
        if (v.equals("true") || v.equals("false")) return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(v));
        if (v.equals("null")) return JsonNodeFactory.instance.nullNode();
        if (INT.matcher(v).matches()) {
            long l = Long.parseLong(v);
            return l == (int) l ? JsonNodeFactory.instance.numberNode((int) l) : JsonNodeFactory.instance.numberNode(l);
        }
        return JsonNodeFactory.instance.textNode(v);
    }

    private static List<String> split(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length() && name.charAt(i + 1) == '.') { sb.append('.'); i++; }
            else if (c == '.') { out.add(sb.toString()); sb.setLength(0); }
            else sb.append(c);
        }
        out.add(sb.toString());
        return out;
    }
}
