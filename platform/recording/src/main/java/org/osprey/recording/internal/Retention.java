package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings older than their camera's retention, and the oldest recordings of a storage that
 * reaches its allocation or reserve; locked recordings never. Always the file first, then its index entry,
 * so the index never lacks a file that still exists. This is the only code that deletes recordings; no
 * API deletes a single one (STO-11).
 */
final class Retention {

    private static final int BATCH = 500;
    /** Room is made in small steps, measuring in between, so no more goes than the limits ask for. */
    private static final int ROOM_BATCH = 20;

    private final Logger logger = LoggerFactory.getLogger(Retention.class);
    private final RecordingIndex index;
    private final Clock clock;

    Retention(RecordingIndex index, Clock clock) {
        this.index = index;
        this.clock = clock;
    }

    /** @return the number of segments deleted */
    synchronized int run(Storage storage, RecordingSettings settings) throws SQLException {
        if (!storage.isAvailable()) {
            return 0;
        }
        long now = Micros.of(clock.instant());
        int deleted = 0;
        for (String camera : index.cameras()) {
            int days = settings.retentionDays(camera);
            if (days <= 0) {
                continue;
            }
            long cutoff = now - Duration.ofDays(days).toNanos() / 1000;
            List<RecordingIndex.SegmentRow> expired;
            do {
                expired = index.endedBefore(camera, storage.id(), cutoff, BATCH);
                List<Long> gone = new ArrayList<>();
                long bytes = 0;
                for (RecordingIndex.SegmentRow row : expired) {
                    if (delete(storage, row)) {
                        gone.add(row.id());
                        bytes += row.bytes();
                    }
                }
                index.deleteSegments(gone);
                storage.used(-bytes);
                deleted += gone.size();
                if (gone.size() < expired.size()) {
                    break;
                }
            } while (expired.size() == BATCH);
            index.deleteGapsEndedBefore(camera, cutoff);
        }
        if (deleted > 0) {
            logger.info("Retention deleted {} segments", deleted);
        }
        return deleted;
    }

    /**
     * Deletes the oldest unlocked recordings of a storage, of whichever camera, until its recordings are a
     * margin below the allocation and its free space a margin above the reserve, or nothing unlocked is
     * left. Open segments are never taken.
     *
     * @return the number of segments deleted
     */
    synchronized int makeRoom(Storage storage) {
        if (!storage.isAvailable()) {
            return 0;
        }
        int deleted = 0;
        long bytes = 0;
        long newestStart = Long.MIN_VALUE;
        String cause = storage.roomCause();
        try {
            while (!storage.hasRoom()) {
                List<RecordingIndex.SegmentRow> oldest = index.oldestUnlocked(storage.id(), ROOM_BATCH);
                List<Long> gone = new ArrayList<>();
                for (RecordingIndex.SegmentRow row : oldest) {
                    if (storage.hasRoom()) {
                        break;
                    }
                    if (delete(storage, row)) {
                        gone.add(row.id());
                        storage.used(-row.bytes());
                        bytes += row.bytes();
                        newestStart = Math.max(newestStart, row.startMicros());
                        // The reserve is judged by the free space, so it is measured after every file.
                        storage.measureFree();
                    }
                }
                index.deleteSegments(gone);
                deleted += gone.size();
                storage.measureFree();
                if (gone.isEmpty()) {
                    break;
                }
            }
        } catch (SQLException | IOException e) {
            logger.error("Making room on storage {} failed: {}", storage.root(), e.toString());
        }
        if (deleted > 0) {
            String summary = "The oldest unlocked recordings are deleted to make room; the last " + deleted
                    + " went at " + clock.instant() + ", up to " + Micros.toInstant(newestStart);
            storage.cleanedUp(summary, cause);
            logger.info("Storage {}: {} segments ({} MB) deleted to make room, recorded up to {}", storage.name(),
                    deleted, bytes >> 20, Micros.toInstant(newestStart));
        }
        return deleted;
    }

    private boolean delete(Storage storage, RecordingIndex.SegmentRow row) {
        Path file = storage.root().resolve(row.path());
        try {
            Files.deleteIfExists(file);
            removeEmptyFolders(file.getParent(), storage.root().resolve(row.cameraId()));
            return true;
        } catch (IOException e) {
            logger.error("Could not delete {}: {}", file, e.toString());
            return false;
        }
    }

    /** Day, month and year folders go with their last file; the camera folder stays. */
    private static void removeEmptyFolders(Path folder, Path cameraFolder) {
        Path current = folder;
        while (current != null && current.startsWith(cameraFolder) && !current.equals(cameraFolder)) {
            try {
                Files.delete(current);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return;
            }
            current = current.getParent();
        }
    }
}
