package dev.canopy.server.fleet.nats;

import dev.canopy.api.Json;
import dev.canopy.backbone.BackboneSecrets;
import dev.canopy.backbone.TrustChain;
import dev.canopy.store.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The seed's NATS trust chain ({@link BackboneSecrets}) kept in the store's shared settings, so restarts and
 * replicas use one operator, one fleet account and one list of revocations. The first replica to start
 * mints the chain (first writer wins); {@link #update} is a compare-and-set loop, so two replicas revoking
 * at once both see their revocation kept. Thread-safe; every call reads the database.
 */
public final class TrustStore {
    public static final String KEY = "fleet.backbone.secrets";
    private final Settings settings;
    private final Clock clock;

    public TrustStore(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The stored chain, minted and stored first when there is none yet. */
    public TrustChain load() {
        String raw = settings.get(KEY).orElse(null);
        if (raw == null) {
            settings.putIfAbsent(KEY, write(TrustChain.create("canopy", clock).secrets()));
            raw = settings.get(KEY).orElseThrow(() -> new IllegalStateException("backbone secrets vanished"));
        }
        return TrustChain.of(read(raw), clock);
    }

    /**
     * Applies {@code change} to the newest stored chain and stores the result; retried when another replica
     * wrote in between. Returns the chain now stored (the input when {@code change} returned it unchanged).
     */
    public TrustChain update(UnaryOperator<TrustChain> change) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String raw = settings.get(KEY).orElse(null);
            if (raw == null) {
                load();
                continue;
            }
            TrustChain current = TrustChain.of(read(raw), clock);
            TrustChain next = change.apply(current);
            if (next.secrets().equals(current.secrets())) return current;
            if (settings.replace(KEY, raw, write(next.secrets()))) return next;
        }
        throw new IllegalStateException("cannot store the backbone secrets: too many concurrent writers");
    }

    static String write(BackboneSecrets s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BackboneSecrets read(String raw) {
        try {
            return Json.MAPPER.readValue(raw, BackboneSecrets.class);
        } catch (IOException e) {
            throw new IllegalStateException("the stored backbone secrets are unreadable: " + e.getMessage(), e);
        }
    }
}
