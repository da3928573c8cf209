package org.osprey.api.recording;

/** Why video is missing where recording was expected; clients show it on the timeline. */
public enum GapCause {
    /** The camera stopped sending or could not be reached. */
    CAMERA_LOST,
    /** The storage had no room left. */
    STORAGE_FULL,
    /** The storage could not be written: missing, wrong disk mounted, or failing. */
    STORAGE_UNAVAILABLE,
    /** The server or its recording service was not running. */
    SERVER_STOPPED,
    /** The server could not keep up with the camera, so data was refused; an event reported it. */
    OVERLOAD,
    /** Recording failed for another reason; the {@code RECORDING_ERROR} event at its start says which. */
    ERROR
}
