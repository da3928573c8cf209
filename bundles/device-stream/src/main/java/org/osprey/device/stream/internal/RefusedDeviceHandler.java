package org.osprey.device.stream.internal;

import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceStatus;

/** Stands in for a device whose configuration the driver refuses: it reports why and does nothing else. */
final class RefusedDeviceHandler implements DeviceHandler {

    private final DeviceContext context;
    private final String reason;

    RefusedDeviceHandler(DeviceContext context, String reason) {
        this.context = context;
        this.reason = reason;
    }

    @Override
    public void initialize() {
        context.updateStatus(DeviceStatus.NOT_ACCESSIBLE, "Configuration refused: " + reason);
    }

    @Override
    public void dispose() {
        // Nothing was started.
    }
}
