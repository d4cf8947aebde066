package dev.canopy.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.canopy.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Fetches a packaged chart from a chart repository the way {@code helm pull --repo} does: reads
 * {@code <repoUrl>/index.yaml}, picks the entry by name and version (newest non-pre-release when no version
 * is given), downloads its first URL (relative URLs resolve against the repository) into a cache directory
 * keyed by the chart's URL and digest. Done in Java rather than through Helm's repository configuration so
 * that no shared Helm state (repositories.yaml, the index cache) exists between templates. Thread-safe.
 */
final class ChartRepositoryClient {
    // redirects are followed by hand, so that each target is checked against the policy first
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    private static final int MAX_REDIRECTS = 5;
    /** How long a fetched index.yaml is reused (many Spaces rendering one chart read it once). */
    static final Duration INDEX_TTL = Duration.ofSeconds(30);
    private final Path cache;
    private final java.time.Clock clock;
    private final ChartRepositoryPolicy policy;
    private final java.util.Map<String, Index> indexes = new java.util.concurrent.ConcurrentHashMap<>();

    private record Index(JsonNode tree, java.time.Instant fetched) {}

    ChartRepositoryClient(Path cache, ChartRepositoryPolicy policy) { this(cache, java.time.Clock.systemUTC(), policy); }

    ChartRepositoryClient(Path cache, java.time.Clock clock, ChartRepositoryPolicy policy) {
        this.cache = cache;
        this.clock = clock;
        this.policy = policy;
    }

    /** The packaged chart's local path. @throws ChartException when the repository, chart or version cannot be had */
    Path fetch(ChartSource.Repository repo) {
        // again at fetch time: a Template stored before the seed's allow-list was set is held to it too
        policy.check("repoUrl", repo.repoUrl()).ifPresent(e -> {
            throw new ChartException("chart repository " + repo.repoUrl() + " is not allowed: " + e.detail());
        });
        String base = repo.repoUrl().endsWith("/") ? repo.repoUrl() : repo.repoUrl() + "/";
        JsonNode index = index(repo, base);
        JsonNode entries = index.path("entries").path(repo.name());
        if (!entries.isArray() || entries.isEmpty()) {
            throw new ChartException("chart \"" + repo.name() + "\" not found in " + repo.repoUrl());
        }
        JsonNode entry = pick(entries, repo.version());
        if (entry == null) {
            throw new ChartException("chart \"" + repo.name() + "\" version \"" + repo.version() + "\" not found in " + repo.repoUrl());
        }
        String url = entry.path("urls").path(0).asText("");
        if (url.isEmpty()) throw new ChartException("chart \"" + repo.name() + "\" in " + repo.repoUrl() + " has no URL");
        URI chartUri = URI.create(base).resolve(url);
        Path file = cache.resolve(sha256(chartUri + "#" + entry.path("digest").asText("")) + ".tgz");
        if (Files.isRegularFile(file)) return file;
        try {
            Files.createDirectories(cache);
            Path tmp = Files.createTempFile(cache, "chart", ".part");
            Files.write(tmp, get(repo, chartUri));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new ChartException("chart \"" + repo.name() + "\": cannot keep " + chartUri + ": " + e.getMessage());
        }
    }

    /** The repository's index, fetched at most once per {@link #INDEX_TTL} per URL and user. */
    private JsonNode index(ChartSource.Repository repo, String base) {
        String key = base + "#" + (repo.username() == null ? "" : repo.username());
        Index cached = indexes.get(key);
        if (cached != null && cached.fetched().plus(INDEX_TTL).isAfter(clock.instant())) return cached.tree();
        JsonNode tree;
        try {
            tree = Json.YAML.readTree(get(repo, URI.create(base + "index.yaml")));
        } catch (IOException e) {
            throw new ChartException("chart repository " + repo.repoUrl() + ": index.yaml is not YAML: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) throw new ChartException("chart repository " + repo.repoUrl() + ": index.yaml is empty");
        indexes.put(key, new Index(tree, clock.instant()));
        return tree;
    }

    /** The entry of {@code version} (a leading "v" ignored), or the newest stable one when no version is given. */
    static JsonNode pick(JsonNode entries, String version) {
        if (version != null && !version.isEmpty()) {
            String want = version.startsWith("v") ? version.substring(1) : version;
            for (JsonNode e : entries) {
                String v = e.path("version").asText("");
                if ((v.startsWith("v") ? v.substring(1) : v).equals(want)) return e;
            }
            return null;
        }
        List<JsonNode> stable = new ArrayList<>();
        entries.forEach(e -> { if (!e.path("version").asText("").contains("-")) stable.add(e); });
        if (stable.isEmpty()) entries.forEach(stable::add);
        stable.sort((a, b) -> compareVersions(b.path("version").asText(""), a.path("version").asText("")));
        return stable.getFirst();
    }

    /** Numeric comparison of dotted versions ("1.10.0" > "1.9.3"); non-numeric parts compare as text. */
    static int compareVersions(String a, String b) {
        String[] x = strip(a).split("[.-]"), y = strip(b).split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0", q = i < y.length ? y[i] : "0";
            int c;
            try {
                c = Long.compare(Long.parseLong(p), Long.parseLong(q));
            } catch (NumberFormatException e) {
                c = p.compareTo(q);
            }
            if (c != 0) return c;
        }
        return 0;
    }

    private static String strip(String v) { return v.startsWith("v") ? v.substring(1) : v; }

    private byte[] get(ChartSource.Repository repo, URI uri) {
        URI at = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            URI target = at;
            policy.checkFetch(target).ifPresent(why -> {
                throw new ChartException("chart repository " + repo.repoUrl() + ": GET " + target + " is not allowed: " + why);
            });
            HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).GET();
            // credentials go only to the repository's own host (as Helm does unless --pass-credentials)
            boolean sameHost = java.util.Objects.equals(target.getHost(), URI.create(repo.repoUrl()).getHost());
            if (sameHost && repo.username() != null && !repo.username().isEmpty()) {
                String token = repo.username() + ":" + (repo.password() == null ? "" : repo.password());
                req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<byte[]> r;
            try {
                r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new ChartException("chart repository " + repo.repoUrl() + " cannot be reached: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChartException("interrupted while fetching " + target);
            }
            int code = r.statusCode();
            if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                String location = r.headers().firstValue("Location").orElse("");
                if (location.isEmpty()) throw new ChartException("chart repository " + repo.repoUrl() + ": GET " + target + " answered " + code + " without Location");
                at = target.resolve(location);
                continue;
            }
            if (code != 200) throw new ChartException("chart repository " + repo.repoUrl() + ": GET " + target + " answered " + code);
            return r.body();
        }
        throw new ChartException("chart repository " + repo.repoUrl() + ": more than " + MAX_REDIRECTS + " redirects from " + uri);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A chart that cannot be had; its message says why, for the TemplateInstance's status. */
    static final class ChartException extends RuntimeException {
        ChartException(String message) { super(message); }
    }
}
