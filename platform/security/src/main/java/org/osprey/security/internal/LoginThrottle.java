package org.osprey.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks an account after repeated failed logins, for a time that doubles with every further failure up
 * to a maximum. Unknown account names are throttled too, so lockouts do not reveal which names exist.
 */
final class LoginThrottle {

    private record State(int failures, Instant lockedUntil) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final int threshold;
    private final Duration baseLock;
    private final Duration maxLock;
    private final Clock clock;

    LoginThrottle(int threshold, Duration baseLock, Duration maxLock, Clock clock) {
        this.threshold = threshold;
        this.baseLock = baseLock;
        this.maxLock = maxLock;
        this.clock = clock;
    }

    /** How long the account is still locked; zero when a login may be tried. */
    Duration lockedFor(String username) {
        State state = states.get(key(username));
        if (state == null || state.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), state.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Records a failure; returns the lock it causes, or zero. */
    Duration failed(String username) {
        State state = states.merge(key(username), new State(1, null),
                (old, one) -> new State(old.failures() + 1, old.lockedUntil()));
        if (state.failures() < threshold) {
            return Duration.ZERO;
        }
        int doublings = Math.min(state.failures() - threshold, 20);
        Duration lock = baseLock.multipliedBy(1L << doublings);
        if (lock.compareTo(maxLock) > 0) {
            lock = maxLock;
        }
        Instant until = clock.instant().plus(lock);
        states.put(key(username), new State(state.failures(), until));
        return lock;
    }

    /** A successful login clears the record. */
    void succeeded(String username) {
        states.remove(key(username));
    }

    private static String key(String username) {
        return username == null ? "" : username.toLowerCase(Locale.ROOT);
    }
}
