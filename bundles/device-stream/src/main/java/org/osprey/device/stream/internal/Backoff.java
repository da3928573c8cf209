package org.osprey.device.stream.internal;

import java.time.Duration;

/** Reconnection delays: one second, doubling up to thirty, back to one after a connection that worked. */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);

    private Duration next = FIRST;

    /** The delay before the next attempt; each call doubles the one after it, up to {@link #MAX}. */
    Duration next() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        return delay;
    }

    /** A connection worked: the next failure is retried after {@link #FIRST} again. */
    void reset() {
        next = FIRST;
    }
}
