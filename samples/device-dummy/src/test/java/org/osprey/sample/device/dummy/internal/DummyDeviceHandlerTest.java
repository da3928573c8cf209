package org.osprey.sample.device.dummy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.api.device.DeviceStatus;
import org.osprey.sdk.test.TestDeviceContext;
import org.osprey.sdk.test.Waiter;

class DummyDeviceHandlerTest {

    @Test
    void reachableDeviceBecomesOk() {
        try (TestDeviceContext context = new TestDeviceContext(DummyDeviceDriver.TYPE_ID,
                Map.of("address", "10.0.0.1", "connectDelayMillis", 10L, "reachable", true))) {
            new DummyDeviceDriver().createHandler(context).initialize();
            Waiter.waitForAssert(() -> assertThat(context.lastStatus()).isEqualTo(DeviceStatus.OK), Duration.ofSeconds(5));
        }
    }

    @Test
    void unreachableDeviceIsNotAccessibleAndSaysWhere() {
        try (TestDeviceContext context = new TestDeviceContext(DummyDeviceDriver.TYPE_ID,
                Map.of("address", "cam-7", "connectDelayMillis", 0L, "reachable", false))) {
            new DummyDeviceDriver().createHandler(context).initialize();
            Waiter.waitForAssert(() -> assertThat(context.lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE),
                    Duration.ofSeconds(5));
            assertThat(context.statuses().get(0).message()).contains("cam-7");
        }
    }
}
