package org.osprey.sample.device.dummy.internal;

import java.util.concurrent.TimeUnit;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceStatus;
import org.osprey.sdk.support.BaseDeviceHandler;

/** One dummy device: after the configured delay it is OK, or not accessible when configured so. */
final class DummyDeviceHandler extends BaseDeviceHandler {

    DummyDeviceHandler(DeviceContext context) {
        super(context);
    }

    @Override
    protected void connect() {
        long delay = number(DummyDeviceDriver.CFG_CONNECT_DELAY, 100);
        schedule(() -> {
            if (flag(DummyDeviceDriver.CFG_REACHABLE, true)) {
                updateStatus(DeviceStatus.OK, "");
            } else {
                updateStatus(DeviceStatus.NOT_ACCESSIBLE, "No answer from " + text(DummyDeviceDriver.CFG_ADDRESS, "?"));
            }
        }, delay, TimeUnit.MILLISECONDS);
    }
}
