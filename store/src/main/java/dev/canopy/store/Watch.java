package dev.canopy.store;

import java.time.Duration;

/**
 * A stream of changes, pulled by one consumer thread (a virtual thread per HTTP watch). Events arrive
 * once each, in revision order, starting after the revision the watch was opened at.
 */
public interface Watch extends AutoCloseable {
    /**
     * The next event, or null when none arrived within {@code timeout} (the caller then sends a bookmark
     * at {@link #revision()}). Throws {@link dev.canopy.api.ApiException} 410 if the consumer fell so far
     * behind that events it has not read were compacted away.
     */
    WatchEvent next(Duration timeout) throws InterruptedException;

    /** The revision up to which this watch has delivered everything that matches (for bookmarks). */
    long revision();

    @Override
    void close();
}
