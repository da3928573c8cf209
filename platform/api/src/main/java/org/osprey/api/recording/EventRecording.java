package org.osprey.api.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An event recording that runs now: started by a user, a rule or motion, recorded with its type on the
 * timeline from its prebuffer to the end of its postbuffer.
 *
 * @param id            stable while the recording runs; stop it with this
 * @param cameraId      the camera
 * @param type          the type its spans get on the timeline
 * @param source        who asked, such as a rule id; empty for the manual recording of a camera
 * @param prebuffer     how much of the time before the start is recorded
 * @param postbuffer    how long recording goes on after the stop
 * @param started       when it was asked for first
 * @param stopRequested when the stop came, {@code null} while it runs; until the postbuffer is over a
 *                      new start keeps it running
 */
public record EventRecording(String id, String cameraId, RecordingType type, String source, Duration prebuffer,
        Duration postbuffer, Instant started, Instant stopRequested) {

    /** Checks the parts. */
    public EventRecording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(prebuffer, "prebuffer");
        Objects.requireNonNull(postbuffer, "postbuffer");
        Objects.requireNonNull(started, "started");
    }

    /** Whether it has been stopped and only its postbuffer runs. */
    public boolean stopping() {
        return stopRequested != null;
    }
}
