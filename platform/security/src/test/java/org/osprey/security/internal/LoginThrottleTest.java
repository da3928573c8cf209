package org.osprey.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.osprey.sdk.test.MutableClock;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(10), Duration.ofSeconds(35), clock);

    @Test
    void locksAfterTheThresholdAndDoublesUpToTheMaximum() {
        assertThat(throttle.failed("Ann")).isZero();
        assertThat(throttle.failed("ann")).as("names are not case-sensitive here").isZero();
        assertThat(throttle.failed("ann")).isEqualTo(Duration.ofSeconds(10));
        assertThat(throttle.lockedFor("ann")).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(throttle.lockedFor("ann")).isZero();
        assertThat(throttle.failed("ann")).isEqualTo(Duration.ofSeconds(20));
        assertThat(throttle.failed("ann")).isEqualTo(Duration.ofSeconds(35));
        assertThat(throttle.lockedFor("bob")).isZero();
    }

    @Test
    void successClearsTheRecord() {
        throttle.failed("ann");
        throttle.failed("ann");
        throttle.succeeded("ann");
        assertThat(throttle.failed("ann")).isZero();
    }
}
