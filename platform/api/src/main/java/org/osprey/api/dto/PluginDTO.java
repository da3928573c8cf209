package org.osprey.api.dto;

import org.osprey.api.config.ConfigDescription;

/**
 * An installed plugin.
 *
 * @param kind          the {@link org.osprey.api.plugin.PluginKind} constant
 * @param id            type id
 * @param label         name a user sees
 * @param description   what it does
 * @param bundle        bundle that provides it
 * @param bundleVersion version of that bundle
 * @param configuration the configuration it accepts, for rendering a form
 */
public record PluginDTO(String kind, String id, String label, String description, String bundle,
        String bundleVersion, ConfigDescription configuration) {
}
