package org.osprey.sdk.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that tests move by hand, for lockouts, expiries and retention. */
public final class MutableClock extends Clock {

    private volatile Instant now;

    /** A clock standing at the given instant. */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** A clock standing at 2026-06-01T12:00:00Z. */
    public MutableClock() {
        this(Instant.parse("2026-06-01T12:00:00Z"));
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    /** Sets the clock. */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
