#set( $symbol_pound = '#' )
package ${package}.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceStatus;
import org.osprey.sdk.support.BaseDeviceHandler;

/**
 * One configured device: checks on the platform's scheduler that the device accepts connections on its
 * port, and reports the outcome as the device's status.
 */
final class ${className}DeviceHandler extends BaseDeviceHandler {

    /** Short enough that a dead device cannot hold a shared scheduler thread for long. */
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    ${className}DeviceHandler(DeviceContext context) {
        super(context);
    }

    @Override
    protected void connect() {
        long seconds = number(${className}DeviceDriver.CFG_POLL_SECONDS, 30);
        // Fixed delay rather than fixed rate: a slow device must not pile up checks.
        scheduleWithFixedDelay(this::check, 0, seconds, TimeUnit.SECONDS);
    }

    private void check() {
        String address = text(${className}DeviceDriver.CFG_ADDRESS, "");
        int port = (int) number(${className}DeviceDriver.CFG_PORT, 80);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
            updateStatus(DeviceStatus.OK, "");
        } catch (IOException e) {
            // An unreachable device is an expected state, not an error: the status says it, no stack trace.
            updateStatus(DeviceStatus.NOT_ACCESSIBLE, "No answer from " + address + ":" + port);
        }
    }
}
