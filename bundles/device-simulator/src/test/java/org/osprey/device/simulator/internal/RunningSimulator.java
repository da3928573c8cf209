package org.osprey.device.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.time.Duration;
import java.util.Map;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceStatus;
import org.osprey.sdk.test.TestDeviceContext;

/**
 * The real simulator driver with one running simulated camera (id {@code test-device}, 2x2 regions, motion
 * on), whose statuses and events the test context keeps.
 */
public final class RunningSimulator implements AutoCloseable {

    public final SimulatorDriver driver = new SimulatorDriver();
    public final TestDeviceContext context = new TestDeviceContext(SimulatorDriver.TYPE_ID,
            Map.of("regions", "2x2", "frameRate", 5));
    private final DeviceHandler handler = driver.createHandler(context);

    public RunningSimulator() {
        handler.initialize();
        waitForAssert(() -> assertThat(context.lastStatus()).isEqualTo(DeviceStatus.OK), Duration.ofSeconds(10));
    }

    public String deviceId() {
        return context.device().id();
    }

    @Override
    public void close() {
        handler.dispose();
        context.close();
    }
}
