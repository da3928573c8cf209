package org.osprey.api.event;

/**
 * The topics of platform events, in OSGi Event Admin syntax. Subscribers may use a trailing
 * {@code *} wildcard, such as {@code org/osprey/device/*}.
 */
public final class EventTopics {

    /** Prefix of every Osprey topic. */
    public static final String ROOT = "org/osprey/";

    /** A device was added; properties {@link EventProperties#DEVICE_ID}, {@link EventProperties#DEVICE_NAME}. */
    public static final String DEVICE_ADDED = ROOT + "device/ADDED";
    /** A device's definition changed. */
    public static final String DEVICE_UPDATED = ROOT + "device/UPDATED";
    /** A device was removed. */
    public static final String DEVICE_REMOVED = ROOT + "device/REMOVED";
    /**
     * A device's status changed; properties {@link EventProperties#STATUS},
     * {@link EventProperties#PREVIOUS_STATUS}, {@link EventProperties#MESSAGE}.
     */
    public static final String DEVICE_STATUS = ROOT + "device/STATUS";
    /** Prefix of events a device itself raised; the rest of the topic is the device event type. */
    public static final String DEVICE_EVENT_PREFIX = ROOT + "device/event/";

    /** A recording started on a camera. */
    public static final String RECORDING_STARTED = ROOT + "recording/STARTED";
    /** A recording stopped on a camera. */
    public static final String RECORDING_STOPPED = ROOT + "recording/STOPPED";
    /** Recording failed or lost data. */
    public static final String RECORDING_ERROR = ROOT + "recording/ERROR";
    /** A recording storage changed status (STO-02). */
    public static final String STORAGE_STATUS = ROOT + "recording/STORAGE_STATUS";

    /** An alarm was raised. */
    public static final String ALARM_RAISED = ROOT + "alarm/RAISED";
    /** An alarm was acknowledged. */
    public static final String ALARM_ACKNOWLEDGED = ROOT + "alarm/ACKNOWLEDGED";

    /** A rule became active. */
    public static final String RULE_ACTIVATED = ROOT + "rule/ACTIVATED";
    /** A rule is no longer active. */
    public static final String RULE_DEACTIVATED = ROOT + "rule/DEACTIVATED";

    /** A plugin was installed; properties {@link EventProperties#PLUGIN_KIND}, {@link EventProperties#PLUGIN_ID}. */
    public static final String PLUGIN_ADDED = ROOT + "system/PLUGIN_ADDED";
    /** A plugin was uninstalled. */
    public static final String PLUGIN_REMOVED = ROOT + "system/PLUGIN_REMOVED";
    /**
     * A schedule was added, changed or removed; property {@link EventProperties#SCHEDULE_ID}.
     *
     * @since 1.2
     */
    public static final String SCHEDULE_CHANGED = ROOT + "schedule/CHANGED";
    /** The server finished starting. */
    public static final String SYSTEM_STARTED = ROOT + "system/STARTED";

    private EventTopics() {
    }

    /** The topic of a device event of the given type. */
    public static String deviceEvent(String eventType) {
        return DEVICE_EVENT_PREFIX + eventType;
    }
}
