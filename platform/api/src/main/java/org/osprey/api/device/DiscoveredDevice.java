package org.osprey.api.device;

import java.util.Map;

/**
 * A device found on the network (DEV-01) that can be added with the given type and configuration.
 *
 * @param type          device type id that handles it
 * @param address       host or URI where it was found
 * @param manufacturer  manufacturer, may be empty
 * @param model         model, may be empty
 * @param configuration suggested configuration for {@link DeviceRequest#configuration()}
 */
public record DiscoveredDevice(String type, String address, String manufacturer, String model,
        Map<String, Object> configuration) {

    /** Copies the configuration. */
    public DiscoveredDevice {
        configuration = configuration == null ? Map.of() : Map.copyOf(configuration);
    }
}
