package org.osprey.recording.internal;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osprey.api.recording.RecordingType;

/**
 * What of one segment file has been handed to the operating system, shared between the recorder thread
 * that writes the file and the sync batch that forces it to disk and commits it to the index.
 */
final class SegmentState {

    /**
     * What a sync batch takes from a segment: what was flushed when the batch started.
     *
     * @param keyframes     keyframes not committed yet
     * @param keyframeCount keyframes flushed in total, committed once this snapshot is
     */
    record Snapshot(SegmentState state, long endMicros, long bytes, List<Long> keyframes, int keyframeCount,
            boolean closed) {
    }

    final String cameraId;
    final String deviceId;
    final String storageId;
    /** Relative to the storage root, {@code /}-separated. */
    final String path;
    final Path file;
    final long startMicros;
    final RecordingType type;
    /** Where the type begins on the timeline; before {@code startMicros} when an event's prebuffer precedes it. */
    final long typeFromMicros;
    /** Folders whose entries changed when the file was created; forced once so the file's name survives too. */
    final List<Path> directories;

    // Owned by the sync batch.
    long segmentId = -1;
    FileChannel channel;
    boolean directoriesForced;
    boolean forceFailed;
    /** Bytes the index has for the file, so each commit can tell its storage how much use grew. */
    long committedBytes;

    // Guarded by this.
    private long endMicros;
    private long bytes;
    private final List<Long> keyframes = new ArrayList<>();
    private int committedKeyframes;
    private boolean closed;
    private boolean dirty;

    SegmentState(String cameraId, String deviceId, String storageId, String path, Path file, long startMicros,
            RecordingType type, long typeFromMicros, List<Path> directories) {
        this.cameraId = cameraId;
        this.deviceId = deviceId;
        this.storageId = storageId;
        this.path = path;
        this.file = file;
        this.startMicros = startMicros;
        this.type = type;
        this.typeFromMicros = Math.min(typeFromMicros, startMicros);
        this.directories = List.copyOf(directories);
        this.endMicros = startMicros;
    }

    /** The recorder flushed the file up to {@code endMicros}; {@code newKeyframes} are now in it. */
    synchronized void flushed(long endMicros, long bytes, List<Long> newKeyframes) {
        this.endMicros = endMicros;
        this.bytes = bytes;
        keyframes.addAll(newKeyframes);
        dirty = true;
    }

    /** The recorder finished the file. */
    synchronized void closed(long endMicros, long bytes, List<Long> newKeyframes) {
        flushed(endMicros, bytes, newKeyframes);
        closed = true;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized long endMicros() {
        return endMicros;
    }

    /** What to force and commit now, or {@code null} when nothing changed since the last commit. */
    synchronized Snapshot snapshot() {
        if (!dirty) {
            return null;
        }
        return new Snapshot(this, endMicros, bytes, List.copyOf(keyframes.subList(committedKeyframes, keyframes.size())),
                keyframes.size(), closed);
    }

    /** The snapshot is on disk and in the index. */
    synchronized void committed(Snapshot snapshot) {
        committedKeyframes = snapshot.keyframeCount();
        if (snapshot.endMicros() == endMicros && snapshot.bytes() == bytes && snapshot.closed() == closed
                && committedKeyframes == keyframes.size()) {
            dirty = false;
        }
    }
}
