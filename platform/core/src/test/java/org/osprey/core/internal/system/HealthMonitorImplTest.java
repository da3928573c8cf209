package org.osprey.core.internal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.osprey.api.health.HealthCheck;
import org.osprey.api.health.HealthResult;
import org.osprey.api.health.HealthStatus;
import org.osprey.api.plugin.PluginDescription;
import org.osprey.sdk.test.MutableClock;

class HealthMonitorImplTest {

    private final MutableClock clock = new MutableClock();
    private final HealthMonitorImpl monitor = new HealthMonitorImpl(clock);
    private final AtomicInteger runs = new AtomicInteger();

    private HealthCheck check(HealthStatus status) {
        return new HealthCheck() {
            @Override
            public PluginDescription describe() {
                return new PluginDescription("test.check", null, null, null);
            }

            @Override
            public HealthResult check() {
                runs.incrementAndGet();
                if (status == null) {
                    throw new IllegalStateException("broken");
                }
                return new HealthResult("test.check", status, "");
            }
        };
    }

    @Test
    void theWorstResultWinsAndAFailingCheckIsCritical() {
        monitor.addCheck(check(HealthStatus.WARNING));
        assertThat(monitor.check().status()).isEqualTo(HealthStatus.WARNING);
        monitor.addCheck(check(null));
        assertThat(monitor.check().status()).as("a new check is run at once").isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void aReportIsReusedBrieflySoCallersCannotMakeTheServerRunChecksAtWill() {
        monitor.addCheck(check(HealthStatus.OK));
        for (int i = 0; i < 100; i++) {
            monitor.check();
        }
        assertThat(runs).hasValue(1);
        clock.advance(HealthMonitorImpl.REUSE.plus(Duration.ofMillis(1)));
        monitor.check();
        assertThat(runs).hasValue(2);
    }
}
