package org.osprey.api.recording;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The recordings of this server: timeline, segment files, seek points, recording and storage status; event
 * recordings started and stopped by users, rules and motion; locks; files the index does not know.
 * Nothing here deletes a recording; only retention and a full storage allocation do, and neither touches
 * locked recordings (STO-11).
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

    /**
     * Starts an event recording, or keeps the one with the same camera, type and source running (trigger
     * period): a repeated start cancels a pending stop, and the longer postbuffer of the two applies. The
     * timeline shows the request's type from the keyframe at or before {@code now - prebuffer}, as far as
     * the camera's stream was recorded or buffered then, until the postbuffer after the stop is over.
     * Where event recordings overlap, the timeline shows one type: manual before rule before motion, and
     * any of them before continuous.
     *
     * @return the recording, with the id to stop it by
     * @throws NoSuchElementException   when no device has this camera
     * @throws IllegalArgumentException when the type is not an event type or a buffer is negative or longer
     *                                  than the server allows
     * @throws IllegalStateException    when the camera's device is disabled or has no media now
     * @since 1.1
     */
    EventRecording startRecording(RecordingRequest request);

    /**
     * Stops an event recording; its postbuffer is still recorded.
     *
     * @param recordingId {@link EventRecording#id()}
     * @return the recording as it is now, empty when no running recording has this id
     * @since 1.1
     */
    Optional<EventRecording> stopRecording(String recordingId);

    /**
     * Stops the event recording of a camera with a type and source, such as the manual recording of a
     * camera ({@code MANUAL} and the empty source); its postbuffer is still recorded.
     *
     * @return the recording as it is now, empty when none runs
     * @since 1.1
     */
    Optional<EventRecording> stopRecording(String cameraId, RecordingType type, String source);

    /**
     * The event recordings of a camera that run now, including those whose postbuffer runs.
     *
     * @since 1.1
     */
    List<EventRecording> eventRecordings(String cameraId);

    /**
     * Keeps every recording of a camera that overlaps an interval from deletion, until unlocked. The
     * interval may reach into the future; recordings made there are kept too.
     *
     * @param reason why, for the user; may be empty
     * @throws IllegalArgumentException when the interval does not end after it starts
     * @since 1.1
     */
    RecordingLock lock(String cameraId, Instant from, Instant to, String reason);

    /**
     * Removes a lock. Recordings it kept go with the next retention run or cleanup if they are due.
     *
     * @return whether there was such a lock
     * @since 1.1
     */
    boolean unlock(String lockId);

    /**
     * The locks of a camera that overlap an interval, ordered by start.
     *
     * @since 1.1
     */
    List<RecordingLock> locks(String cameraId, Instant from, Instant to);

    /**
     * Lists the video files in the available storages that the index does not know (STO-09). Files being
     * written are never among them. Run {@link #reindex()} first to index whatever is readable.
     *
     * @since 1.1
     */
    List<NonIndexedFile> nonIndexedFiles();

    /**
     * Moves the files {@link #nonIndexedFiles()} lists into the folder {@code Non-indexed files} of their
     * storage, keeping their paths below it, so they stop counting as recordings and an administrator can
     * look at them. Nothing is deleted.
     *
     * @return the files moved, each with where it went
     * @since 1.1
     */
    List<NonIndexedFile> collectNonIndexedFiles();
}
