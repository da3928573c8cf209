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
 * Deletes recordings older than their camera's retention, oldest first: the file, then its index entry,
 * so the index never lacks a file that still exists. This is the only code that deletes recordings; no
 * API deletes a single one (STO-11).
 */
final class Retention {

    private static final int BATCH = 500;

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
                for (RecordingIndex.SegmentRow row : expired) {
                    Path file = storage.root().resolve(row.path());
                    try {
                        Files.deleteIfExists(file);
                        gone.add(row.id());
                        removeEmptyFolders(file.getParent(), storage.root().resolve(camera));
                    } catch (IOException e) {
                        logger.error("Retention could not delete {}: {}", file, e.toString());
                    }
                }
                index.deleteSegments(gone);
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
