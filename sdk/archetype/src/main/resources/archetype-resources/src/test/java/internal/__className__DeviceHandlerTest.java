package ${package}.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceStatus;
import org.osprey.sdk.test.TestDeviceContext;
import org.osprey.sdk.test.Waiter;

class ${className}DeviceHandlerTest {

    @Test
    void deviceThatAcceptsConnectionsIsOk() throws IOException {
        try (ServerSocket device = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                TestDeviceContext context = new TestDeviceContext(${className}DeviceDriver.TYPE_ID, configuration(device.getLocalPort()))) {
            DeviceHandler handler = new ${className}DeviceDriver().createHandler(context);
            handler.initialize();
            Waiter.waitForAssert(() -> assertThat(context.lastStatus()).isEqualTo(DeviceStatus.OK), Duration.ofSeconds(5));
            handler.dispose();
        }
    }

    @Test
    void deviceThatRefusesConnectionsIsNotAccessibleAndSaysWhere() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (TestDeviceContext context = new TestDeviceContext(${className}DeviceDriver.TYPE_ID, configuration(closedPort))) {
            DeviceHandler handler = new ${className}DeviceDriver().createHandler(context);
            handler.initialize();
            Waiter.waitForAssert(() -> assertThat(context.lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE),
                    Duration.ofSeconds(5));
            assertThat(context.statuses().get(0).message()).contains("127.0.0.1:" + closedPort);
            handler.dispose();
        }
    }

    private static Map<String, Object> configuration(int port) {
        return Map.of(${className}DeviceDriver.CFG_ADDRESS, "127.0.0.1", ${className}DeviceDriver.CFG_PORT, (long) port,
                ${className}DeviceDriver.CFG_POLL_SECONDS, 1L);
    }
}
