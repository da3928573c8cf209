package org.osprey.sdk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceStatus;
import org.osprey.sdk.test.TestDeviceContext;
import org.osprey.sdk.test.Waiter;

class BaseDeviceHandlerTest {

    static final class PollingHandler extends BaseDeviceHandler {
        final AtomicInteger polls = new AtomicInteger();

        PollingHandler(DeviceContext context) {
            super(context);
        }

        @Override
        protected void connect() throws Exception {
            if (flag("fail", false)) {
                throw new java.io.IOException("connection refused");
            }
            updateStatus(DeviceStatus.OK, "");
            scheduleWithFixedDelay(polls::incrementAndGet, 0, 5, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void connectRunsAfterInitializeAndDisposeStopsItsJobs() throws InterruptedException {
        try (TestDeviceContext context = new TestDeviceContext("t", Map.of())) {
            PollingHandler handler = new PollingHandler(context);
            handler.initialize();
            Waiter.waitForAssert(() -> assertThat(handler.polls.get()).isGreaterThan(3), Duration.ofSeconds(5));
            handler.dispose();
            Thread.sleep(30);
            int afterDispose = handler.polls.get();
            Thread.sleep(60);
            assertThat(handler.polls.get()).isEqualTo(afterDispose);
            assertThat(context.lastStatus()).isEqualTo(DeviceStatus.OK);
        }
    }

    @Test
    void aFailedConnectBecomesNotAccessibleWithItsMessage() {
        try (TestDeviceContext context = new TestDeviceContext("t", Map.of("fail", true))) {
            new PollingHandler(context).initialize();
            Waiter.waitForAssert(() -> assertThat(context.lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE),
                    Duration.ofSeconds(5));
            assertThat(context.statuses().get(0).message()).isEqualTo("connection refused");
        }
    }
}
