package org.osprey.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The common shape of every plugin service: it describes itself. Plugins are found at runtime through
 * the OSGi service registry (whiteboard); they never register themselves with the platform.
 */
@ConsumerType
public interface Plugin {

    /** The type id, labels and configuration of this plugin; must not change while it is registered. */
    PluginDescription describe();
}
