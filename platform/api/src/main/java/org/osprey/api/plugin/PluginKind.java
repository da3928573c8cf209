package org.osprey.api.plugin;

/** The kinds of plugin service the platform discovers at runtime. */
public enum PluginKind {
    /** {@link org.osprey.api.device.DeviceDriver} */
    DEVICE_DRIVER,
    /** {@link org.osprey.api.device.DiscoveryProvider} */
    DISCOVERY_PROVIDER,
    /** {@link org.osprey.api.automation.TriggerType} */
    TRIGGER_TYPE,
    /** {@link org.osprey.api.automation.ConditionType} */
    CONDITION_TYPE,
    /** {@link org.osprey.api.automation.ActionType} */
    ACTION_TYPE,
    /** {@link org.osprey.api.search.SearchProvider} */
    SEARCH_PROVIDER,
    /** {@link org.osprey.api.data.ExternalDataSource} */
    DATA_SOURCE,
    /** {@link org.osprey.api.health.HealthCheck} */
    HEALTH_CHECK,
    /** {@link org.osprey.api.export.ExportFormat} */
    EXPORT_FORMAT
}
