package org.osprey.api.device;

import java.util.Map;
import java.util.Objects;

/**
 * A configured device as stored by the server.
 *
 * @param id            stable id chosen by the server at creation
 * @param name          name a user gave it
 * @param type          id of the {@link DeviceDriver} type that handles it
 * @param enabled       whether the server connects to it
 * @param configuration values described by the driver's
 *                      {@link org.osprey.api.plugin.PluginDescription#configuration()}
 */
public record DeviceDefinition(String id, String name, String type, boolean enabled,
        Map<String, Object> configuration) {

    /** Checks the mandatory parts and copies the configuration. */
    public DeviceDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        configuration = configuration == null ? Map.of() : Map.copyOf(configuration);
    }
}
