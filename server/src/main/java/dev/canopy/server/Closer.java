package dev.canopy.server;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Closes what was started, in reverse order of start, logging (not throwing) what fails to stop, so one
 * stuck part never keeps the others running. Not thread-safe: owned by the component that starts things.
 */
public final class Closer implements AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();
    private final String owner;

    public Closer(String owner) { this.owner = owner; }

    /** Registers {@code c} to be closed; returns it for chaining. */
    public <T extends AutoCloseable> T add(T c) {
        started.add(c);
        return c;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Closer.class).warn("while stopping {}: {}", owner, e.toString());
            }
        }
        started.clear();
    }
}
