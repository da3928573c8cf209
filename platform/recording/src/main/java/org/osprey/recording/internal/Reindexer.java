package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.ReindexReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the index of a storage from its segment files, which carry their camera, start, type and the
 * gap before them in their tags, and their keyframes and end in their packets. Index rows keep their ids
 * where the file is still there; rows of vanished files go; files being written are left to their recorder.
 * The recorded spans are then rebuilt from the rows.
 */
final class Reindexer {

    private final Logger logger = LoggerFactory.getLogger(Reindexer.class);
    private final RecordingIndex index;
    private final Clock clock;
    private final BooleanSupplier stopping;
    private long lastRun;

    /** @param stopping tells a long run to give up, as when the engine is deactivated */
    Reindexer(RecordingIndex index, Clock clock, BooleanSupplier stopping) {
        this.index = index;
        this.clock = clock;
        this.stopping = stopping;
    }

    /**
     * @param active paths being written now, relative to the root; their rows belong to their recorders
     */
    synchronized ReindexReport run(Storage storage, Set<String> active) throws SQLException {
        Instant started = clock.instant();
        // Increasing per run, so one run never takes another's marks for its own.
        long run = Math.max(Micros.of(started), lastRun + 1);
        lastRun = run;
        List<String> problems = new ArrayList<>();
        if (!storage.isAvailable()) {
            problems.add(storage.root() + ": storage " + storage.state().status() + ", not reindexed: "
                    + storage.state().message());
            return new ReindexReport(started, Duration.between(started, clock.instant()), 0, 0, 0, 0, problems);
        }
        String storageId = storage.id();
        Path root = storage.root();
        long maxId = index.maxSegmentId();
        int files = 0;
        long keyframes = 0;
        try (Stream<Path> walk = Files.walk(root, 5)) {
            Iterator<Path> it = walk.filter(f -> SegmentFiles.isSegmentCandidate(root, f)).sorted().iterator();
            while (it.hasNext()) {
                if (stopping.getAsBoolean()) {
                    // A partial walk must not drop the rows of files it did not reach.
                    problems.add(root + ": stopped before the end");
                    return new ReindexReport(started, Duration.between(started, clock.instant()), files,
                            (int) index.countSegments(storageId), keyframes, 0, problems);
                }
                Path file = it.next();
                String path = relative(root, file);
                if (active.contains(path)) {
                    index.markVerified(storageId, path, run);
                    continue;
                }
                files++;
                try {
                    SegmentProbe.Result result = SegmentProbe.read(file);
                    String camera = SegmentFiles.requireSafeId(result.tag(SegmentFiles.TAG_CAMERA), "camera tag");
                    String device = result.tags().getOrDefault(SegmentFiles.TAG_DEVICE, "");
                    RecordingType type = RecordingType.valueOf(result.tags().getOrDefault(SegmentFiles.TAG_TYPE, ""));
                    if (result.packets() == 0) {
                        throw new IOException("no packets");
                    }
                    long typeFrom = typeFrom(result);
                    if (index.putFromFile(storageId, path, result, camera, device, type, typeFrom, Files.size(file),
                            run)) {
                        keyframes += result.keyframes().size();
                    }
                    String gapStart = result.tag(SegmentFiles.TAG_GAP_START);
                    String gapCause = result.tag(SegmentFiles.TAG_GAP_CAUSE);
                    if (gapStart != null && gapCause != null) {
                        index.mergeGap(camera, Micros.parseIso(gapStart), result.startMicros(),
                                GapCause.valueOf(gapCause));
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(path + ": " + e.getMessage());
                    // An unreadable file keeps any row it has; collecting it is for an administrator.
                    index.markVerified(storageId, path, run);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(root + ": " + e.getMessage());
            logger.error("Reindex of {} stopped: {}", root, e.toString());
            // A partial walk must not drop the rows of files it did not reach.
            return new ReindexReport(started, Duration.between(started, clock.instant()), files,
                    (int) index.countSegments(storageId), keyframes, 0, problems);
        }
        int removed = index.deleteUnverified(storageId, maxId, run);
        // Every row change keeps the spans in step; rebuilding them from the rows also mends any that are not.
        for (String camera : index.cameras()) {
            index.rebuildSpans(camera);
        }
        ReindexReport report = new ReindexReport(started, Duration.between(started, clock.instant()), files,
                (int) index.countSegments(storageId), keyframes, removed, problems);
        logger.info("Reindexed {}: {} files, {} segments, {} keyframes, {} entries removed, {} problems in {} ms",
                root, report.files(), report.segments(), report.keyframes(), report.removed(), problems.size(),
                report.took().toMillis());
        return report;
    }

    /** Where the file's type begins; a tag that reaches implausibly far back is not trusted that far. */
    private static long typeFrom(SegmentProbe.Result result) {
        String tag = result.tag(SegmentFiles.TAG_TYPE_FROM);
        if (tag == null) {
            return result.startMicros();
        }
        long from = Micros.parseIso(tag);
        return Math.min(result.startMicros(),
                Math.max(from, result.startMicros() - SegmentFiles.MAX_TYPE_REACH_MICROS));
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
