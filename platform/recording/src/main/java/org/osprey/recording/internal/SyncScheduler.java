package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes recordings durable in batches. Recorders flush each GOP to the operating system as it completes,
 * which is enough to survive a crash of the process; surviving a power cut needs the data on the disk,
 * and a disk manages only some dozens of forced writes a second. So one batch, every sync interval,
 * forces every file that changed, for all cameras at once, and then commits the index rows of exactly
 * what was forced, in one transaction. The index never claims more than the disk holds.
 */
final class SyncScheduler {

    /** What the engine hears from a batch. */
    interface Listener {
        /** Forcing a file of the storage failed. */
        void storageProblem(String storageId, IOException e);

        /** The index now has {@code bytes} more of the storage's recordings (fewer when negative). */
        void committed(String storageId, long bytes);
    }

    private final Logger logger = LoggerFactory.getLogger(SyncScheduler.class);
    private final RecordingIndex index;
    private final Listener listener;
    private final Set<SegmentState> segments = ConcurrentHashMap.newKeySet();

    SyncScheduler(RecordingIndex index, Listener listener) {
        this.index = index;
        this.listener = listener;
    }

    void register(SegmentState segment) {
        segments.add(segment);
    }

    /** Forgets a segment without committing more of it; what the index has stays, recovery corrects it. */
    synchronized void forget(SegmentState segment) {
        forgetNow(segment);
    }

    private void forgetNow(SegmentState segment) {
        segments.remove(segment);
        close(segment);
    }

    /** Paths of segments still being written or not yet committed as closed. */
    Set<String> activePaths(String storageId) {
        Set<String> paths = new LinkedHashSet<>();
        segments.stream().filter(s -> s.storageId.equals(storageId)).forEach(s -> paths.add(s.path));
        return paths;
    }

    /** Runs one batch: force what changed, then commit it. */
    synchronized void runBatch() {
        List<SegmentState.Snapshot> changed = new ArrayList<>();
        for (SegmentState segment : segments) {
            SegmentState.Snapshot snapshot = segment.snapshot();
            if (snapshot != null) {
                changed.add(snapshot);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        List<SegmentState.Snapshot> durable = new ArrayList<>(changed.size());
        for (SegmentState.Snapshot snapshot : changed) {
            try {
                force(snapshot.state());
                durable.add(snapshot);
            } catch (NoSuchFileException e) {
                // Gone with its storage: the row stays open, and recovery settles it when the storage is back.
                logger.error("{} vanished before it was on disk", snapshot.state().file);
                forgetNow(snapshot.state());
                listener.storageProblem(snapshot.state().storageId, e);
            } catch (IOException e) {
                if (!snapshot.state().forceFailed) {
                    logger.error("Could not force {} to disk: {}", snapshot.state().file, e.toString());
                    snapshot.state().forceFailed = true;
                }
                listener.storageProblem(snapshot.state().storageId, e);
            }
        }
        if (durable.isEmpty()) {
            return;
        }
        List<Long> ids;
        try {
            ids = index.commit(durable);
        } catch (SQLException e) {
            // The files hold the data; the next batch commits it, or recovery and reindex find it.
            logger.error("Could not commit {} recording segments to the index: {}", durable.size(), e.toString());
            return;
        }
        Map<String, Long> grown = new HashMap<>();
        for (int i = 0; i < durable.size(); i++) {
            SegmentState.Snapshot snapshot = durable.get(i);
            SegmentState segment = snapshot.state();
            segment.segmentId = ids.get(i);
            grown.merge(segment.storageId, snapshot.bytes() - segment.committedBytes, Long::sum);
            segment.committedBytes = snapshot.bytes();
            segment.committed(snapshot);
            if (snapshot.closed() && segment.snapshot() == null) {
                segments.remove(segment);
                close(segment);
            }
        }
        grown.forEach(listener::committed);
    }

    private static void force(SegmentState segment) throws IOException {
        if (segment.channel == null) {
            // Any descriptor of the file forces its data; read-only keeps this one from ever writing.
            segment.channel = FileChannel.open(segment.file, StandardOpenOption.READ);
        }
        segment.channel.force(false);
        if (!segment.directoriesForced) {
            for (Path directory : segment.directories) {
                try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
                    folder.force(true);
                }
            }
            segment.directoriesForced = true;
        }
    }

    private void close(SegmentState segment) {
        FileChannel channel = segment.channel;
        segment.channel = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                logger.debug("Closing {} failed", segment.file, e);
            }
        }
    }

    /** Closes every file handle; the caller has run a last batch. */
    synchronized void shutdown() {
        segments.forEach(this::close);
        segments.clear();
    }
}
