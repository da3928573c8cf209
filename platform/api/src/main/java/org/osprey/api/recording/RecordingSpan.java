package org.osprey.api.recording;

import java.time.Instant;
import java.util.Objects;

/**
 * An interval a camera was recorded without interruption, for one recording type.
 *
 * @param cameraId the camera
 * @param start    first instant with video
 * @param end      instant the video ends (exclusive)
 * @param type     why it was recorded
 */
public record RecordingSpan(String cameraId, Instant start, Instant end, RecordingType type) {

    /** Checks the parts. */
    public RecordingSpan {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(type, "type");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a span ends before it starts");
        }
    }
}
