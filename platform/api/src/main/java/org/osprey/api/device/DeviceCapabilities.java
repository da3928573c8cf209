package org.osprey.api.device;

import java.util.List;

/**
 * What a device can do; clients show only the controls that apply.
 *
 * @param cameras      video channels with their streams
 * @param audioOut     whether the device has a speaker (talk-back)
 * @param ports        input and output ports
 * @param ptz          whether it has pan, tilt and zoom
 * @param eventTypes   device event types it publishes
 * @param edgeStorage  whether it records on its own storage (SD card, NAS)
 */
public record DeviceCapabilities(List<CameraDescriptor> cameras, boolean audioOut, List<PortDescriptor> ports,
        boolean ptz, List<String> eventTypes, boolean edgeStorage) {

    /** Nothing known. */
    public static final DeviceCapabilities NONE = new DeviceCapabilities(List.of(), false, List.of(), false,
            List.of(), false);

    /** Copies the lists. */
    public DeviceCapabilities {
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
        ports = ports == null ? List.of() : List.copyOf(ports);
        eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
    }
}
