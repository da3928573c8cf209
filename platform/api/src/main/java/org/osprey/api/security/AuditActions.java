package org.osprey.api.security;

/** The platform's audit actions. */
public final class AuditActions {

    /** A login succeeded. */
    public static final String LOGIN = "login";
    /** A login failed. */
    public static final String LOGIN_FAILED = "login-failed";
    /** A session ended. */
    public static final String LOGOUT = "logout";
    /** Configuration changed (devices, rules, storage, server settings). */
    public static final String CONFIGURATION = "configuration";
    /** A user or group changed. */
    public static final String USER = "user";
    /** Recordings were exported. */
    public static final String EXPORT = "export";
    /** A manual recording started or stopped. */
    public static final String MANUAL_RECORDING = "manual-recording";
    /** A live stream started. */
    public static final String LIVE_STREAM = "live-stream";
    /** A playback stream started. */
    public static final String PLAYBACK_STREAM = "playback-stream";

    private AuditActions() {
    }
}
