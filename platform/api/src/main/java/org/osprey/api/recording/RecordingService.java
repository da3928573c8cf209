package org.osprey.api.recording;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The recordings of this server: timeline, segment files, seek points, recording and storage status.
 * Nothing here deletes a recording; only retention does (STO-11).
 */
@ProviderType
public interface RecordingService {

    /**
     * What is recorded of a camera within an interval, and why video is missing where it is.
     *
     * @param cameraId the camera
     * @param from     start of the interval
     * @param to       end of the interval, after {@code from}
     */
    Timeline timeline(String cameraId, Instant from, Instant to);

    /**
     * The segment files of a camera that overlap an interval, ordered by start, with their keyframes.
     *
     * @param cameraId the camera
     * @param from     start of the interval
     * @param to       end of the interval, after {@code from}
     */
    List<RecordingSegment> segments(String cameraId, Instant from, Instant to);

    /**
     * Where playback of an instant starts: the keyframe at or before it in the recording that covers it,
     * or, when the instant falls where nothing is recorded, the first keyframe after it.
     *
     * @param cameraId the camera
     * @param at       the instant asked for
     * @return empty when nothing is recorded at or after the instant
     */
    Optional<SeekPoint> seek(String cameraId, Instant at);

    /** Whether a camera is being recorded now, and if not, why. */
    RecordingStatus status(String cameraId);

    /** The recording storages with their state and space. */
    List<StorageInfo> storages();

    /**
     * Rebuilds the index from the segment files of every available storage: adds what is missing, corrects
     * what differs and drops entries whose file is gone. Files being written are left alone; recording
     * goes on meanwhile. Runs on the caller's thread and may take minutes on a large storage.
     */
    ReindexReport reindex();
}
