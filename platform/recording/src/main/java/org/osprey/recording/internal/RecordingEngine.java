package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventPublisher;
import org.osprey.api.event.EventTopics;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.GapSpan;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.recording.RecordingSpan;
import org.osprey.api.recording.RecordingStatus;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.ReindexReport;
import org.osprey.api.recording.SeekPoint;
import org.osprey.api.recording.StorageInfo;
import org.osprey.api.recording.StorageStatus;
import org.osprey.api.recording.Timeline;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.api.storage.DatabaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording engine: one storage, the index, the batched sync, recovery at start-up, automatic
 * reindex, retention, and the per-camera recorders that {@link ContinuousRecorder} (and later manual and
 * rule recording) obtain from it.
 */
@Component(service = {RecordingService.class, RecordingEngine.class}, configurationPid = RecordingEngine.PID)
@Designate(ocd = RecordingEngine.Config.class)
public class RecordingEngine implements RecordingService {

    static final String PID = "org.osprey.recording";
    /** Two segment ends this close (one Matroska tick) count as contiguous. */
    private static final long CONTIGUOUS_MICROS = 1000;

    /** Where and how camera streams are recorded. */
    @ObjectClassDefinition(name = "Osprey recording", description = "Where and how camera streams are recorded.")
    public @interface Config {
        @AttributeDefinition(name = "Storage folder",
                description = "Folder for recordings. Empty: osprey/recordings under the server data folder.")
        String storageRoot() default "";

        @AttributeDefinition(name = "Segment length (s)",
                description = "A segment file ends at the first keyframe at or after this length.", min = "2", max = "3600")
        int segmentSeconds() default 60;

        @AttributeDefinition(name = "Sync interval (ms)", description = "How often recordings of all cameras are"
                + " forced to disk and committed to the index, in one batch. Bounds the loss on power failure.",
                min = "100", max = "10000")
        int syncIntervalMillis() default 1000;

        @AttributeDefinition(name = "Retention (days)",
                description = "Recordings older than this are deleted. 0: unlimited.", min = "0")
        int retentionDays() default 0;

        @AttributeDefinition(name = "Retention per camera",
                description = "Entries cameraId=days overriding the retention of one camera; 0 days is unlimited.")
        String[] cameraRetentionDays() default {};

        @AttributeDefinition(name = "Retention check (min)", min = "1", max = "1440")
        int retentionIntervalMinutes() default 10;

        @AttributeDefinition(name = "Low space warning (MB)", min = "0")
        long lowSpaceMegabytes() default 15360;

        @AttributeDefinition(name = "Reserved free space (MB)",
                description = "Nothing is recorded while less than this is free.", min = "0")
        long reserveMegabytes() default 1024;

        @AttributeDefinition(name = "Queue per camera (MB)", description = "Data a camera may have waiting for the"
                + " disk before packets are refused, reported and recorded as a gap.", min = "1", max = "1024")
        int queueMegabytes() default 32;
    }

    private final Logger logger = LoggerFactory.getLogger(RecordingEngine.class);
    private final EventPublisher events;
    private final SchedulerService schedulers;
    private final RecordingSettings settings;
    private final Clock clock;
    private final RecordingIndex index;
    private final Storage storage;
    private final SyncScheduler sync;
    private final Reindexer reindexer;
    private final Retention retention;
    private final Map<String, CameraRecorder> recorders = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> jobs = new ArrayList<>();
    private final CompletableFuture<ReindexReport> startupReindex;
    private volatile StorageStatus reportedStatus;
    private volatile boolean stopping;

    @Activate
    public RecordingEngine(@Reference DatabaseService database, @Reference EventPublisher events,
            @Reference SchedulerService schedulers, Config config, BundleContext context) throws SQLException {
        this(database, events, schedulers, RecordingSettings.from(config, context.getBundle().getVersion().toString()),
                Clock.systemUTC());
    }

    RecordingEngine(DatabaseService database, EventPublisher events, SchedulerService schedulers,
            RecordingSettings settings, Clock clock) throws SQLException {
        this.events = events;
        this.schedulers = schedulers;
        this.settings = settings;
        this.clock = clock;
        this.index = new RecordingIndex(database);
        boolean repaired = index.open();
        this.storage = new Storage(settings.root(), settings.lowSpaceBytes(), settings.reserveBytes(), clock);
        this.sync = new SyncScheduler(index, this::storageProblem);
        this.reindexer = new Reindexer(index, clock, () -> stopping);
        this.retention = new Retention(index, clock);

        Storage.State state = storage.check(index);
        reportedStatus = StorageStatus.OK;
        report(state);
        boolean rebuild = false;
        if (storage.isAvailable()) {
            recover();
            rebuild = repaired || index.countSegments(storage.id()) == 0 && storage.containsSegments();
        }
        long syncMillis = settings.syncInterval().toMillis();
        jobs.add(schedulers.ioScheduler().scheduleWithFixedDelay(this::runSync, syncMillis, syncMillis,
                TimeUnit.MILLISECONDS));
        long checkMillis = settings.storageCheckInterval().toMillis();
        jobs.add(schedulers.ioScheduler().scheduleWithFixedDelay(this::checkStorage, checkMillis, checkMillis,
                TimeUnit.MILLISECONDS));
        long retentionMillis = settings.retentionInterval().toMillis();
        jobs.add(schedulers.ioScheduler().scheduleWithFixedDelay(this::runRetention, retentionMillis, retentionMillis,
                TimeUnit.MILLISECONDS));
        if (rebuild) {
            logger.warn("The recording index {}; rebuilding it from {}",
                    repaired ? "was damaged" : "is empty but the storage holds recordings", storage.root());
            startupReindex = CompletableFuture.supplyAsync(this::reindex, schedulers.ioScheduler());
        } else {
            startupReindex = CompletableFuture.completedFuture(null);
        }
        logger.info("Recording to {} (storage {}, {}), segments of {} s, sync every {} ms", storage.root(),
                storage.id(), state.status(), settings.segmentLength().toSeconds(), syncMillis);
    }

    /** Stops every recorder, leaving a server-stopped gap, and commits what they wrote. */
    @Deactivate
    void deactivate() {
        stopping = true;
        List<CompletableFuture<Void>> finishing = new ArrayList<>();
        recorders.values().forEach(r -> finishing.add(r.finish(GapCause.SERVER_STOPPED)));
        await(finishing);
        jobs.forEach(j -> j.cancel(false));
        sync.runBatch();
        sync.shutdown();
    }

    /** Stops like a killed process: open segments are dropped without trailer and nothing more is committed. */
    void crash() {
        stopping = true;
        jobs.forEach(j -> j.cancel(false));
        List<CompletableFuture<Void>> crashing = new ArrayList<>();
        recorders.values().forEach(r -> crashing.add(r.crash()));
        await(crashing);
        sync.shutdown();
    }

    private void await(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            logger.error("Recorders did not stop in time: {}", e.toString());
        }
    }

    // ---- for recorders ----

    /**
     * A recorder for one camera stream; subscribe it to the camera's media source.
     *
     * @throws IllegalStateException when the camera is already recorded with this type
     */
    CameraRecorder recorder(String cameraId, String deviceId, RecordingType type) {
        return recorder(cameraId, deviceId, type, schedulers.ioScheduler());
    }

    CameraRecorder recorder(String cameraId, String deviceId, RecordingType type, Executor executor) {
        CameraRecorder recorder = new CameraRecorder(this, cameraId, deviceId, type, executor);
        if (recorders.putIfAbsent(key(cameraId, type), recorder) != null) {
            throw new IllegalStateException("camera " + cameraId + " is already recorded as " + type);
        }
        recorder.start();
        return recorder;
    }

    private static String key(String cameraId, RecordingType type) {
        return cameraId + "/" + type;
    }

    void finished(CameraRecorder recorder) {
        recorders.remove(key(recorder.cameraId(), recorder.type()), recorder);
    }

    RecordingSettings settings() {
        return settings;
    }

    RecordingIndex index() {
        return index;
    }

    Storage storage() {
        return storage;
    }

    SyncScheduler sync() {
        return sync;
    }

    long nowMicros() {
        return Micros.of(clock.instant());
    }

    void publish(String topic, Map<String, Object> properties) {
        try {
            events.publish(topic, properties);
        } catch (RuntimeException e) {
            logger.error("Event {} not published", topic, e);
        }
    }

    /** A write failed: look at the storage again, so a lost disk is reported and nothing else tries it. */
    Storage.State storageProblem(IOException e) {
        Storage.State state = storage.check(index);
        report(state);
        return state;
    }

    // ---- jobs ----

    void runSync() {
        try {
            sync.runBatch();
        } catch (RuntimeException e) {
            logger.error("Sync batch failed", e);
        }
    }

    void checkStorage() {
        try {
            boolean wasAvailable = storage.isAvailable();
            Storage.State state = storage.check(index);
            report(state);
            if (!wasAvailable && storage.isAvailable()) {
                recover();
                if (index.countSegments(storage.id()) == 0 && storage.containsSegments()) {
                    reindex();
                }
            }
        } catch (SQLException | RuntimeException e) {
            logger.error("Storage check failed", e);
        }
    }

    int runRetention() {
        try {
            return retention.run(storage, settings);
        } catch (SQLException | RuntimeException e) {
            logger.error("Retention failed", e);
            return 0;
        }
    }

    /** Publishes a change of storage status, and stops recorders when the storage stops taking data. */
    private synchronized void report(Storage.State state) {
        StorageStatus status = state.status();
        if (status == reportedStatus) {
            return;
        }
        reportedStatus = status;
        if (status != StorageStatus.OK) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(EventProperties.STORAGE_ID, storage.id() == null ? "" : storage.id());
            properties.put(EventProperties.STATUS, status.name());
            properties.put(EventProperties.MESSAGE, state.message());
            publish(EventTopics.RECORDING_ERROR, properties);
        }
        if (!status.isWritable()) {
            GapCause cause = status == StorageStatus.FULL ? GapCause.STORAGE_FULL : GapCause.STORAGE_UNAVAILABLE;
            recorders.values().forEach(r -> r.storageLost(cause, "Storage " + status + ": " + state.message()));
        }
    }

    /**
     * Settles segments a previous run left open (it was killed or lost power): each file is read to its last
     * readable packet, the index takes that end, and the segment is closed. The file stays as it is; a
     * Matroska file without its closing index still plays.
     */
    void recover() throws SQLException {
        List<RecordingIndex.SegmentRow> open = index.openSegments(storage.id());
        open.removeIf(row -> sync.activePaths(storage.id()).contains(row.path()));
        for (RecordingIndex.SegmentRow row : open) {
            Path file = storage.root().resolve(row.path());
            try {
                if (!Files.exists(file) || Files.size(file) == 0) {
                    index.deleteSegment(row.id());
                    Files.deleteIfExists(file);
                    logger.info("Segment {} was never written; index entry dropped", row.path());
                    continue;
                }
                SegmentProbe.Result result = SegmentProbe.read(file);
                if (result.packets() == 0) {
                    // Only a header reached the disk: there is no recording in it.
                    index.deleteSegment(row.id());
                    Files.deleteIfExists(file);
                    logger.info("Segment {} held no video; removed", row.path());
                    continue;
                }
                index.closeFromFile(row.id(), result.endMicros(), Files.size(file), result.keyframes(),
                        row.cameraId());
                logger.info("Segment {} recovered after an unclean stop: {} packets up to {}", row.path(),
                        result.packets(), Micros.iso(result.endMicros()));
                if (index.openGap(row.cameraId()).isEmpty()) {
                    index.openGap(row.cameraId(), result.endMicros(), GapCause.SERVER_STOPPED);
                }
            } catch (IOException e) {
                // Unreadable: the file stays for an administrator, the index stops pointing at it.
                logger.error("Segment {} is unreadable and left out of the index: {}", row.path(), e.getMessage());
                index.deleteSegment(row.id());
            }
        }
    }

    /** The reindex started at activation, for tests; completes with {@code null} when none was needed. */
    CompletableFuture<ReindexReport> startupReindex() {
        return startupReindex;
    }

    // ---- RecordingService ----

    @Override
    public Timeline timeline(String cameraId, Instant from, Instant to) {
        long f = Micros.of(from);
        long t = Micros.of(checkInterval(cameraId, from, to));
        List<RecordingIndex.SegmentRow> rows = query(() -> index.segments(cameraId, f, t));
        // Per type, segments that touch form one span; types may overlap (a manual recording during
        // continuous recording), so each type is merged on its own.
        List<Run> runs = new ArrayList<>();
        Map<RecordingType, Run> last = new EnumMap<>(RecordingType.class);
        for (RecordingIndex.SegmentRow row : rows) {
            Run run = last.get(row.type());
            if (run != null && row.startMicros() <= run.end + CONTIGUOUS_MICROS) {
                run.end = Math.max(run.end, row.endMicros());
            } else {
                run = new Run(row.type(), row.startMicros(), row.endMicros());
                last.put(row.type(), run);
                runs.add(run);
            }
        }
        List<RecordingSpan> spans = new ArrayList<>();
        for (Run run : runs) {
            long start = Math.max(run.start, f);
            long end = Math.min(run.end, t);
            if (end > start) {
                spans.add(new RecordingSpan(cameraId, Micros.toInstant(start), Micros.toInstant(end), run.type));
            }
        }
        spans.sort(Comparator.comparing(RecordingSpan::start));
        long now = nowMicros();
        List<GapSpan> gaps = new ArrayList<>();
        for (RecordingIndex.GapRow gap : query(() -> index.gaps(cameraId, f, t))) {
            long start = Math.max(gap.startMicros(), f);
            long end = Math.min(gap.endMicros() == null ? Math.max(now, gap.startMicros()) : gap.endMicros(), t);
            if (end > start) {
                gaps.add(new GapSpan(cameraId, Micros.toInstant(start), Micros.toInstant(end), gap.cause()));
            }
        }
        return new Timeline(cameraId, from, to, spans, gaps);
    }

    @Override
    public List<RecordingSegment> segments(String cameraId, Instant from, Instant to) {
        long f = Micros.of(from);
        long t = Micros.of(checkInterval(cameraId, from, to));
        List<RecordingIndex.SegmentRow> rows = query(() -> index.segments(cameraId, f, t));
        if (rows.isEmpty()) {
            return List.of();
        }
        long first = rows.stream().mapToLong(RecordingIndex.SegmentRow::startMicros).min().orElse(f);
        long last = rows.stream().mapToLong(RecordingIndex.SegmentRow::endMicros).max().orElse(t);
        Map<Long, List<Long>> keyframes = query(() -> index.keyframes(cameraId, first, last));
        return rows.stream().map(r -> segment(r, keyframes.getOrDefault(r.id(), List.of()))).toList();
    }

    @Override
    public Optional<SeekPoint> seek(String cameraId, Instant at) {
        Objects.requireNonNull(cameraId, "cameraId");
        long instant = Micros.of(Objects.requireNonNull(at, "at"));
        Optional<SeekPoint> covering = query(() -> index.keyframe(cameraId, instant, true))
                .flatMap(k -> seekPoint(cameraId, k))
                .filter(p -> Micros.of(p.segment().end()) > instant);
        if (covering.isPresent()) {
            return covering;
        }
        return query(() -> index.keyframe(cameraId, instant, false)).flatMap(k -> seekPoint(cameraId, k));
    }

    private Optional<SeekPoint> seekPoint(String cameraId, RecordingIndex.KeyframeRow keyframe) {
        return query(() -> index.segment(keyframe.segmentId())).map(row -> {
            List<Long> frames = query(() -> index.keyframes(cameraId, row.startMicros(), row.endMicros()))
                    .getOrDefault(row.id(), List.of());
            return new SeekPoint(segment(row, frames), Micros.toInstant(keyframe.ptsMicros()));
        });
    }

    private static RecordingSegment segment(RecordingIndex.SegmentRow row, List<Long> keyframes) {
        return new RecordingSegment(row.id(), row.cameraId(), row.storageId(), row.path(),
                Micros.toInstant(row.startMicros()), Micros.toInstant(row.endMicros()), row.bytes(), row.type(),
                row.open(), keyframes.stream().map(Micros::toInstant).toList());
    }

    @Override
    public RecordingStatus status(String cameraId) {
        Objects.requireNonNull(cameraId, "cameraId");
        StorageStatus storageStatus = storage.state().status();
        Optional<CameraRecorder> recorder = recorders.values().stream().filter(r -> r.cameraId().equals(cameraId))
                .min(Comparator.comparing(CameraRecorder::type));
        if (recorder.isPresent()) {
            return recorder.get().status(storageStatus);
        }
        return query(() -> index.openGap(cameraId))
                .map(g -> new RecordingStatus(cameraId, false, null, Micros.toInstant(g.startMicros()), g.cause(),
                        storageStatus, "not recording"))
                .orElseGet(() -> new RecordingStatus(cameraId, false, null, null, null, storageStatus, "not recording"));
    }

    @Override
    public List<StorageInfo> storages() {
        long used = storage.id() == null ? 0 : query(() -> index.usedBytes(storage.id()));
        return List.of(storage.info(used));
    }

    @Override
    public ReindexReport reindex() {
        return query(() -> reindexer.run(storage, sync.activePaths(storage.id() == null ? "" : storage.id())));
    }

    private static Instant checkInterval(String cameraId, Instant from, Instant to) {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the interval must end after it starts");
        }
        return to;
    }

    /** A span being merged from segments. */
    private static final class Run {
        final RecordingType type;
        final long start;
        long end;

        Run(RecordingType type, long start, long end) {
            this.type = type;
            this.start = start;
            this.end = end;
        }
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T query(Query<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw new IllegalStateException("The recording index cannot be read: " + e.getMessage(), e);
        }
    }
}
