package org.osprey.api.recording;

import java.time.Instant;
import java.util.Objects;

/**
 * Keeps the recordings of a camera within an interval from deletion, by retention as well as by a full
 * allocation (STO-11), for bookmarks and exports. Every segment that overlaps the interval is kept whole.
 *
 * @param id       stable identity, to unlock with
 * @param cameraId the camera
 * @param from     start of the interval
 * @param to       end of the interval, after {@code from}
 * @param reason   why, for the user; may be empty
 * @param created  when the lock was made
 */
public record RecordingLock(String id, String cameraId, Instant from, Instant to, String reason, Instant created) {

    /** Checks the parts. */
    public RecordingLock {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(created, "created");
        reason = reason == null ? "" : reason;
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a lock must end after it starts");
        }
    }
}
