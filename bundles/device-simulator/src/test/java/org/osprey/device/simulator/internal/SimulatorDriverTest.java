package org.osprey.device.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.api.config.ParameterType;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.device.DeviceStatus;
import org.osprey.device.simulator.control.SimulatedDevice;
import org.osprey.sdk.test.TestDeviceContext;

class SimulatorDriverTest {

    private final SimulatorDriver driver = new SimulatorDriver();

    @Test
    void describesTheSimulatedCameraType() {
        assertThat(driver.describe().id()).isEqualTo("osprey.simulator");
        var config = driver.describe().configuration();
        assertThat(config.parameter("regions").orElseThrow().type()).isEqualTo(ParameterType.CHOICE);
        assertThat(config.parameter("regions").orElseThrow().defaultValue()).isEqualTo("2x2");
        assertThat(config.parameter("resolution").orElseThrow().defaultValue()).isEqualTo("640x360");
        assertThat(config.parameter("frameRate").orElseThrow().defaultValue()).isEqualTo(10L);
    }

    @Test
    void steersRunningDevicesByIdUntilTheyAreDisposed() {
        try (TestDeviceContext context = new TestDeviceContext(SimulatorDriver.TYPE_ID, Map.of("regions", "3x2"))) {
            DeviceHandler handler = driver.createHandler(context);
            handler.initialize();
            waitForAssert(() -> assertThat(context.lastStatus()).isEqualTo(DeviceStatus.OK), Duration.ofSeconds(10));

            assertThat(driver.devices()).extracting(SimulatedDevice::deviceId).containsExactly("test-device");
            driver.setMotion("test-device", 6, false);
            driver.setInput("test-device", 2, true);
            SimulatedDevice device = driver.device("test-device").orElseThrow();
            assertThat(device.columns()).isEqualTo(3);
            assertThat(device.rows()).isEqualTo(2);
            assertThat(device.motion()).containsExactly(true, true, true, true, true, false);
            assertThat(device.inputs()).containsExactly(false, true);
            assertThat(device.connected()).isTrue();
            assertThatThrownBy(() -> driver.setInput("other", 1, true)).isInstanceOf(DeviceNotFoundException.class);

            driver.disconnect("test-device", Duration.ofMinutes(5));
            assertThat(driver.device("test-device").orElseThrow().connected()).isFalse();
            handler.dispose();
            assertThat(driver.devices()).isEmpty();
            assertThat(driver.device("test-device")).isEmpty();
        }
    }
}
