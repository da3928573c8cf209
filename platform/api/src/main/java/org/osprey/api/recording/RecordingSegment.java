package org.osprey.api.recording;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One segment file: a stretch of one camera's stream, written as the camera sent it.
 *
 * @param id        index id, stable while the segment exists
 * @param cameraId  the camera
 * @param storageId the storage holding the file, see {@link StorageInfo#id()}
 * @param path      file path relative to the storage root, with {@code /} separators
 * @param start     time of the first frame, which is a keyframe
 * @param end       end of the last frame (exclusive); while {@code open}, the end of what is safely on disk
 * @param size      file size in bytes
 * @param type      why it was recorded; the timeline may show the end of a continuous segment with the
 *                  type of the event recording whose prebuffer it holds
 * @param open      whether the segment is still being written
 * @param keyframes times of the keyframes in the file, ascending; playback can start at each
 * @param locked    whether a {@link RecordingLock} keeps it from deletion
 */
public record RecordingSegment(long id, String cameraId, String storageId, String path, Instant start, Instant end,
        long size, RecordingType type, boolean open, List<Instant> keyframes, boolean locked) {

    /** Checks the parts and copies the list. */
    public RecordingSegment {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(storageId, "storageId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(type, "type");
        keyframes = keyframes == null ? List.of() : List.copyOf(keyframes);
    }

    /** An unlocked segment, as version 1.0 of this package described it. */
    public RecordingSegment(long id, String cameraId, String storageId, String path, Instant start, Instant end,
            long size, RecordingType type, boolean open, List<Instant> keyframes) {
        this(id, cameraId, storageId, path, start, end, size, type, open, keyframes, false);
    }
}
