package org.osprey.api.security;

/** What an operator or viewer may do with one camera (USR-05, USR-12). */
public enum CameraRight {
    /** See the camera at all: list it, view it live. */
    ACCESS,
    /** Play its recordings (operators). */
    PLAYBACK,
    /** Hear its audio. */
    AUDIO_LISTEN,
    /** Talk through its speaker. */
    AUDIO_SPEAK,
    /** Start and stop recordings by hand. */
    MANUAL_RECORDING,
    /** Move a mechanical PTZ camera. */
    PTZ,
    /** Export its recordings. */
    EXPORT,
    /** Create incident reports with its recordings. */
    INCIDENT_REPORT
}
