package org.osprey.api.device;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.annotation.versioning.ProviderType;

/** What the platform gives a {@link DeviceHandler}: its definition, a scheduler and status reporting. */
@ProviderType
public interface DeviceContext {

    /** The device as configured, validated against the driver's description. */
    DeviceDefinition device();

    /** The shared scheduler to run the handler's I/O and timers on. */
    ScheduledExecutorService scheduler();

    /** Reports a status change; the platform publishes it as an event when it differs from the last one. */
    void updateStatus(DeviceStatus status, String message);

    /**
     * Publishes a device event (an input port change, a tampering alarm, ...) under the device's topic.
     *
     * @param eventType  short type such as {@code input} or {@code tampering}
     * @param properties event payload; values are strings, numbers or booleans
     */
    void publishDeviceEvent(String eventType, Map<String, Object> properties);
}
