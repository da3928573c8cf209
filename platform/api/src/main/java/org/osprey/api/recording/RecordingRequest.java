package org.osprey.api.recording;

import java.time.Duration;
import java.util.Objects;

/**
 * Asks for an event recording of a camera (REC-05 manual, REC-06 and ACT-01 rule, REC-02 motion).
 *
 * <p>Requests with the same camera, type and source name one recording: a request while it runs, or
 * while its postbuffer runs, keeps it running instead of starting another (the trigger period of AR-05).
 *
 * @param cameraId   the camera
 * @param type       {@link RecordingType#MANUAL}, {@link RecordingType#RULE} or {@link RecordingType#MOTION}
 * @param source     who asks, such as a rule id; empty for the one manual recording of a camera
 * @param prebuffer  how much of the time before the request is recorded too, {@code null} for the server's
 *                   default; the recording starts at the keyframe at or before that instant
 * @param postbuffer how long recording goes on after the stop, {@code null} for the server's default
 */
public record RecordingRequest(String cameraId, RecordingType type, String source, Duration prebuffer,
        Duration postbuffer) {

    /** Checks the parts; a {@code null} source is the empty one. */
    public RecordingRequest {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(type, "type");
        source = source == null ? "" : source;
    }

    /** A manual recording with the server's default buffers. */
    public static RecordingRequest manual(String cameraId) {
        return new RecordingRequest(cameraId, RecordingType.MANUAL, "", null, null);
    }
}
