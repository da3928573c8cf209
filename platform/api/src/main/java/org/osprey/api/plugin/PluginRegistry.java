package org.osprey.api.plugin;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Lists every plugin service installed right now; the list follows bundles as they come and go. */
@ProviderType
public interface PluginRegistry {

    /** All installed plugins, sorted by kind and id. */
    List<PluginInfo> plugins();
}
