package org.osprey.api.recording;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a camera is being recorded now.
 *
 * @param cameraId  the camera
 * @param recording whether video is being written now
 * @param type      the type being recorded, {@code null} when not recording
 * @param since     when the current recording or the current gap began, {@code null} when neither
 * @param gap       why video is missing now, {@code null} when recording or when no recording is expected
 * @param storage   the state of the storage the camera records to
 * @param message   detail for the user, may be empty
 */
public record RecordingStatus(String cameraId, boolean recording, RecordingType type, Instant since, GapCause gap,
        StorageStatus storage, String message) {

    /** Checks the parts. */
    public RecordingStatus {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(storage, "storage");
        message = message == null ? "" : message;
    }
}
