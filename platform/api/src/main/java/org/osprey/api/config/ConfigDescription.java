package org.osprey.api.config;

import java.util.List;
import java.util.Optional;

/**
 * The typed description of a plugin's configuration: the list of fields a client renders as a form and
 * the server validates every write against.
 *
 * @param parameters fields in display order
 */
public record ConfigDescription(List<ConfigParameter> parameters) {

    /** An empty description: the plugin takes no configuration. */
    public static final ConfigDescription NONE = new ConfigDescription(List.of());

    /** Copies the list. */
    public ConfigDescription {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /** A description of the given fields. */
    public static ConfigDescription of(ConfigParameter... parameters) {
        return new ConfigDescription(List.of(parameters));
    }

    /** The field with the given name, if described. */
    public Optional<ConfigParameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
