package dev.canopy.server.templates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The files of a chart's {@code crds/} folders (its own and its subcharts'), which {@code helm template
 * --include-crds} prints before the templates and which helm-java's template leaves out. CRDs are not
 * templated (as in Helm). Reads a chart directory or a packaged chart (a gzipped tar, read here entry by
 * entry). Pure apart from reading the chart; thread-safe.
 */
final class ChartCrds {
    private ChartCrds() {}

    /** The CRD documents, in path order. */
    static List<String> of(Path chart) throws IOException {
        TreeMap<String, String> files = new TreeMap<>();
        if (Files.isDirectory(chart)) {
            try (Stream<Path> s = Files.walk(chart)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    String rel = chart.relativize(p).toString().replace('\\', '/');
                    if (isCrd(rel)) files.put(rel, Files.readString(p));
                }
            }
        } else {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(chart))) {
                readTar(in, (name, body) -> {
                    int slash = name.indexOf('/');
                    String rel = slash < 0 ? name : name.substring(slash + 1);   // drop the "<chart>/" folder
                    if (isCrd(rel)) files.put(rel, new String(body, StandardCharsets.UTF_8));
                });
            }
        }
        return new ArrayList<>(files.values());
    }

    /** {@code crds/x.yaml} or {@code charts/<sub>/crds/x.yaml} (nested subcharts too). */
    static boolean isCrd(String rel) {
        if (!(rel.endsWith(".yaml") || rel.endsWith(".yml") || rel.endsWith(".json"))) return false;
        String[] parts = rel.split("/");
        if (parts.length < 2 || !parts[parts.length - 2].equals("crds")) return false;
        for (int i = 0; i < parts.length - 2; i += 2) {
            if (!parts[i].equals("charts") || i + 1 >= parts.length - 2) return false;
        }
        return true;
    }

    interface Entry { void accept(String name, byte[] body) throws IOException; }

    /** Regular files of a (ustar / GNU) tar stream; long names of GNU 'L' entries are honoured. */
    static void readTar(InputStream in, Entry entry) throws IOException {
        byte[] header = new byte[512];
        String longName = null;
        while (in.readNBytes(header, 0, 512) == 512) {
            if (header[0] == 0) return;   // end of archive
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty() && header[257] == 'u') name = prefix + "/" + name;
            long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
            char type = (char) header[156];
            if (size > 64L * 1024 * 1024) throw new IOException("chart entry " + name + " is too large");
            byte[] body = in.readNBytes((int) size);
            long pad = (512 - size % 512) % 512;
            in.skipNBytes(pad);
            if (type == 'L') { longName = new String(body, StandardCharsets.UTF_8).replace("\0", ""); continue; }
            if (longName != null) { name = longName; longName = null; }
            if (type == '0' || type == 0) entry.accept(name, body);
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
