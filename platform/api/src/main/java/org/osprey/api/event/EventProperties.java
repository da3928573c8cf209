package org.osprey.api.event;

/** Keys of event properties; values are strings, numbers or booleans. */
public final class EventProperties {

    /** Device id. */
    public static final String DEVICE_ID = "deviceId";
    /** Device name. */
    public static final String DEVICE_NAME = "deviceName";
    /** Camera id. */
    public static final String CAMERA_ID = "cameraId";
    /** New status, the enum constant name. */
    public static final String STATUS = "status";
    /** Previous status, the enum constant name. */
    public static final String PREVIOUS_STATUS = "previousStatus";
    /** Human-readable detail. */
    public static final String MESSAGE = "message";
    /** Plugin kind, the {@link org.osprey.api.plugin.PluginKind} constant name. */
    public static final String PLUGIN_KIND = "pluginKind";
    /** Plugin type id. */
    public static final String PLUGIN_ID = "pluginId";
    /** Rule id. */
    public static final String RULE_ID = "ruleId";
    /** Recording type, the {@code RecordingType} constant name. */
    public static final String RECORDING_TYPE = "recordingType";
    /** Why something happened, such as a gap cause. */
    public static final String CAUSE = "cause";
    /** Event recording id, see {@code EventRecording#id()}. */
    public static final String RECORDING_ID = "recordingId";
    /** Recording storage id. */
    public static final String STORAGE_ID = "storageId";
    /** Alarm id. */
    public static final String ALARM_ID = "alarmId";
    /**
     * Id of the schedule an event is about.
     *
     * @since 1.2
     */
    public static final String SCHEDULE_ID = "scheduleId";

    private EventProperties() {
    }
}
