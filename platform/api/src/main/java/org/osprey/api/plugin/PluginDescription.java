package org.osprey.api.plugin;

import java.util.Objects;
import org.osprey.api.config.ConfigDescription;

/**
 * What a plugin says about itself: a stable type id, the words a user sees, and the configuration it
 * accepts.
 *
 * @param id            stable, dotted type id, unique within its {@link PluginKind}, for example
 *                      {@code osprey.device.rtsp}
 * @param label         name a user sees
 * @param description   one sentence on what it does
 * @param configuration fields of its configuration
 */
public record PluginDescription(String id, String label, String description, ConfigDescription configuration) {

    /** Checks the id and fills defaults. */
    public PluginDescription {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9]+([._-][a-z0-9]+)*")) {
            throw new IllegalArgumentException("plugin id must be lower-case, dotted: " + id);
        }
        label = label == null ? id : label;
        description = description == null ? "" : description;
        configuration = configuration == null ? ConfigDescription.NONE : configuration;
    }
}
