package org.osprey.api.plugin;

/**
 * One installed plugin as the platform sees it.
 *
 * @param kind          kind of plugin service
 * @param description   what the plugin says about itself
 * @param bundle        symbolic name of the bundle that registered it
 * @param bundleVersion version of that bundle
 */
public record PluginInfo(PluginKind kind, PluginDescription description, String bundle, String bundleVersion) {
}
