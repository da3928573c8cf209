package org.osprey.api.device;

import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.plugin.Plugin;

/**
 * A device plugin: one service per device type (protocol), which creates one {@link DeviceHandler} per
 * configured device of that type. The type id is {@code describe().id()}, and the configuration
 * description is what a device of this type accepts.
 */
@ConsumerType
public interface DeviceDriver extends Plugin {

    /**
     * Creates the handler of one device. Must return at once: I/O belongs in
     * {@link DeviceHandler#initialize()}, run on the context's scheduler.
     */
    DeviceHandler createHandler(DeviceContext context);
}
