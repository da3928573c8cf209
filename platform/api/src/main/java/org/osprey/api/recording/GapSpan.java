package org.osprey.api.recording;

import java.time.Instant;
import java.util.Objects;

/**
 * An interval without video where a camera was meant to be recorded, and why.
 *
 * @param cameraId the camera
 * @param start    where the video stopped
 * @param end      where it resumed, or the end of the queried interval while the gap lasts
 * @param cause    why video is missing
 */
public record GapSpan(String cameraId, Instant start, Instant end, GapCause cause) {

    /** Checks the parts. */
    public GapSpan {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(cause, "cause");
    }
}
