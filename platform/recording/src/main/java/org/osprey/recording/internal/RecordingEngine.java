package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
import org.osprey.api.recording.EventRecording;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.GapSpan;
import org.osprey.api.recording.NonIndexedFile;
import org.osprey.api.recording.RecordingLock;
import org.osprey.api.recording.RecordingRequest;
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
 * The recording engine: the storages with their allocations, the index, the batched sync, recovery at
 * start-up, automatic reindex, retention and room making, locks, and one recorder per camera, which
 * {@link CameraFeeder} keeps fed with the camera's stream and event recordings steer.
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
        @AttributeDefinition(name = "Storage folder", description = "Folder for recordings when no storages are"
                + " listed. Empty: osprey/recordings under the server data folder.")
        String storageRoot() default "";

        @AttributeDefinition(name = "Storages", description = "Entries name=folder or name=folder:allocationGB, the"
                + " allocation being the most (GiB, fractions allowed) the recordings may use there; without it only"
                + " the reserved free space limits them. Cameras without an assignment record to the first. Entries"
                + " may also be separated by commas.")
        String[] storages() default {};

        @AttributeDefinition(name = "Storage per camera",
                description = "Entries cameraId=storageName, also separated by commas.")
        String[] cameraStorage() default {};

        @AttributeDefinition(name = "Record continuously",
                description = "Whether cameras are recorded all the time, not only while an event recording runs.")
        boolean continuous() default true;

        @AttributeDefinition(name = "Continuous recording per camera",
                description = "Entries cameraId=true|false, also separated by commas, overriding the setting above.")
        String[] cameraContinuous() default {};

        @AttributeDefinition(name = "Continuous recording schedule", description = "Id of the schedule (SCH-01)"
                + " that limits continuous recording to its time slots. Empty: all the time.")
        String schedule() default "";

        @AttributeDefinition(name = "Continuous recording schedule per camera", description = "Entries"
                + " cameraId=scheduleId, also separated by commas, overriding the setting above; an empty schedule"
                + " id records that camera all the time.")
        String[] cameraSchedule() default {};

        @AttributeDefinition(name = "Longest prebuffer (s)", description = "The most an event recording may record"
                + " from before its start. Cameras not recorded continuously keep this much of their stream in"
                + " memory for it; with 0 they are connected only while an event recording runs.", min = "0",
                max = "60")
        int prebufferSeconds() default 10;

        @AttributeDefinition(name = "Prebuffer memory per camera (MB)", min = "1", max = "256")
        int prebufferMegabytes() default 8;

        @AttributeDefinition(name = "Default prebuffer (s)",
                description = "Prebuffer of manual recordings and requests that name none.", min = "0", max = "60")
        int defaultPrebufferSeconds() default 3;

        @AttributeDefinition(name = "Default postbuffer (s)",
                description = "Postbuffer of manual recordings and requests that name none.", min = "0", max = "3600")
        int defaultPostbufferSeconds() default 5;

        @AttributeDefinition(name = "Segment length (s)",
                description = "A segment file ends at the first keyframe at or after this length.", min = "2", max = "3600")
        int segmentSeconds() default 60;

        @AttributeDefinition(name = "Sync interval (ms)", description = "How often recordings of all cameras are"
                + " forced to disk and committed to the index, in one batch. Bounds the loss on power failure.",
                min = "100", max = "10000")
        int syncIntervalMillis() default 1000;

        @AttributeDefinition(name = "Retention (days)",
                description = "Recordings older than this are deleted unless locked. 0: unlimited.", min = "0")
        int retentionDays() default 0;

        @AttributeDefinition(name = "Retention per camera",
                description = "Entries cameraId=days overriding the retention of one camera; 0 days is unlimited.")
        String[] cameraRetentionDays() default {};

        @AttributeDefinition(name = "Retention check (min)", min = "1", max = "1440")
        int retentionIntervalMinutes() default 10;

        @AttributeDefinition(name = "Low space warning (MB)", min = "0")
        long lowSpaceMegabytes() default 15360;

        @AttributeDefinition(name = "Reserved free space (MB)", description = "Free space recordings never use:"
                + " before it is reached the oldest unlocked recordings are deleted, and if none are left nothing"
                + " is recorded.", min = "0")
        long reserveMegabytes() default 1024;

        @AttributeDefinition(name = "Queue per camera (MB)", description = "Data a camera may have waiting for the"
                + " disk before packets are refused, reported and recorded as a gap.", min = "1", max = "1024")
        int queueMegabytes() default 32;
    }

    /** Whoever feeds the cameras' streams to their recorders. */
    interface RecorderFeed {
        /**
         * The device of a camera that can be recorded now.
         *
         * @throws NoSuchElementException when no device has the camera
         * @throws IllegalStateException  when its device is disabled or has no media
         */
        String deviceOf(String cameraId);

        /** A camera's need for its stream may have changed: subscribe or unsubscribe it soon. */
        void demandChanged(String cameraId);
    }

    private record Reported(StorageStatus status, boolean overwriting) {
    }

    private final Logger logger = LoggerFactory.getLogger(RecordingEngine.class);
    private final EventPublisher events;
    private final SchedulerService schedulers;
    private final RecordingSettings settings;
    private final Clock clock;
    private final RecordingIndex index;
    private final Map<String, Storage> storages = new LinkedHashMap<>();
    private final SyncScheduler sync;
    private final Reindexer reindexer;
    private final Retention retention;
    private final Map<String, CameraRecorder> recorders = new ConcurrentHashMap<>();
    private final Map<Storage, Reported> reported = new ConcurrentHashMap<>();
    private final Set<Storage> cleaning = ConcurrentHashMap.newKeySet();
    /** Storages whose last room making found nothing to delete; only the periodic check tries them again. */
    private final Set<Storage> stuck = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> jobs = new ArrayList<>();
    private final CompletableFuture<ReindexReport> startupReindex;
    private volatile RecorderFeed feed;
    private volatile boolean stopping;
    /** Whether a camera's schedule lets it be recorded continuously now; all do while no schedules are known. */
    private volatile Predicate<String> scheduleOn = cameraId -> true;

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
        for (RecordingSettings.StorageSettings storage : settings.storages()) {
            storages.put(storage.name(),
                    new Storage(storage, settings.lowSpaceBytes(), settings.reserveBytes(), clock));
        }
        this.sync = new SyncScheduler(index, new SyncScheduler.Listener() {
            @Override
            public void storageProblem(String storageId, IOException e) {
                storageById(storageId).ifPresent(s -> RecordingEngine.this.storageProblem(s, e));
            }

            @Override
            public void committed(String storageId, long bytes) {
                RecordingEngine.this.committed(storageId, bytes);
            }
        });
        this.reindexer = new Reindexer(index, clock, () -> stopping);
        this.retention = new Retention(index, clock);

        List<Storage> rebuild = new ArrayList<>();
        for (Storage storage : storages.values()) {
            reported.put(storage, new Reported(StorageStatus.OK, false));
            // Recognition only: room is made once the locks a lost index forgot are back.
            storage.check(index, null);
            if (storage.isAvailable()) {
                recover(storage);
                if (repaired || index.countSegments(storage.id()) == 0 && storage.containsSegments()) {
                    rebuild.add(storage);
                }
            }
        }
        if (repaired || index.fresh()) {
            restoreLocks();
        }
        for (Storage storage : storages.values()) {
            if (storage.isAvailable()) {
                syncLockFiles(storage);
            }
            // Before any recorder starts, so a server restarted at its allocation is not full meanwhile.
            report(storage, storage.check(index, this::makeRoom));
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
        if (!rebuild.isEmpty()) {
            logger.warn("The recording index {}; rebuilding it from {}",
                    repaired ? "was damaged" : "is empty but storages hold recordings",
                    rebuild.stream().map(Storage::root).toList());
            startupReindex = CompletableFuture.supplyAsync(() -> reindex(rebuild), schedulers.ioScheduler());
        } else {
            startupReindex = CompletableFuture.completedFuture(null);
        }
        for (Storage storage : storages.values()) {
            logger.info("Recording storage {} at {} (id {}, {}, allocation {})", storage.name(), storage.root(),
                    storage.id(), storage.state().status(), storage.allocationBytes() > 0
                            ? (storage.allocationBytes() >> 20) + " MB" : "none");
        }
        logger.info("Segments of {} s, sync every {} ms", settings.segmentLength().toSeconds(), syncMillis);
    }

    /** Stops every recorder, leaving a server-stopped gap where recording was expected, and commits. */
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

    // ---- for recorders and the feeder ----

    /** The recorder of a camera, made on first use; subscribe it to the camera's media source. */
    CameraRecorder recorder(String cameraId, String deviceId) {
        return recorder(cameraId, deviceId, schedulers.ioScheduler());
    }

    CameraRecorder recorder(String cameraId, String deviceId, Executor executor) {
        CameraRecorder[] made = new CameraRecorder[1];
        CameraRecorder recorder = recorders.compute(cameraId, (id, existing) -> {
            if (existing != null && !existing.isFinished()) {
                return existing;
            }
            made[0] = new CameraRecorder(this, id, deviceId, executor);
            return made[0];
        });
        if (made[0] != null) {
            // Outside compute: a synchronous executor would drain into the map from within it.
            made[0].start();
        }
        return recorder;
    }

    /** The recorder of a camera, if it has one. */
    Optional<CameraRecorder> existingRecorder(String cameraId) {
        return Optional.ofNullable(recorders.get(cameraId)).filter(r -> !r.isFinished());
    }

    void finished(CameraRecorder recorder) {
        recorders.remove(recorder.cameraId(), recorder);
    }

    void attach(RecorderFeed feed) {
        this.feed = feed;
    }

    void detach(RecorderFeed feed) {
        if (this.feed == feed) {
            this.feed = null;
        }
    }

    /** A recorder's event recordings changed, so it may need its stream more or less. */
    void demandChanged(String cameraId) {
        RecorderFeed current = feed;
        if (current != null && !stopping) {
            current.demandChanged(cameraId);
        }
    }

    RecordingSettings settings() {
        return settings;
    }

    /** Whether a camera is to be recorded continuously at this moment: configured so, and within its schedule. */
    boolean continuousNow(String cameraId) {
        return settings.continuous(cameraId) && scheduleOn.test(cameraId);
    }

    /**
     * Sets what tells whether a camera's schedule is on, and brings every recorder in line with it. Called
     * again whenever a schedule turns on or off or changes.
     */
    void applySchedules(Predicate<String> scheduleOn) {
        this.scheduleOn = scheduleOn;
        for (CameraRecorder recorder : recorders.values()) {
            recorder.continuousChanged(continuousNow(recorder.cameraId()));
            demandChanged(recorder.cameraId());
        }
    }

    RecordingIndex index() {
        return index;
    }

    /** The storage a camera records to. */
    Storage storageFor(String cameraId) {
        return storages.get(settings.storageOf(cameraId));
    }

    Storage storage(String name) {
        return storages.get(name);
    }

    private Optional<Storage> storageById(String id) {
        return storages.values().stream().filter(s -> id.equals(s.id())).findFirst();
    }

    SyncScheduler sync() {
        return sync;
    }

    long nowMicros() {
        return Micros.of(clock.instant());
    }

    Instant now() {
        return clock.instant();
    }

    void publish(String topic, Map<String, Object> properties) {
        try {
            events.publish(topic, properties);
        } catch (RuntimeException e) {
            logger.error("Event {} not published", topic, e);
        }
    }

    /** A write failed: look at the storage again, so a lost disk is reported and nothing else tries it. */
    Storage.State storageProblem(Storage storage, IOException e) {
        Storage.State state = storage.check(index, this::makeRoom);
        report(storage, state);
        return state;
    }

    /** The index took more of a storage's recordings: when they reach the allocation, make room soon. */
    private void committed(String storageId, long bytes) {
        storageById(storageId).ifPresent(storage -> {
            storage.used(bytes);
            if (storage.needsRoom() && !stuck.contains(storage)) {
                scheduleCheck(storage);
            }
        });
    }

    private void scheduleCheck(Storage storage) {
        if (stopping || !cleaning.add(storage)) {
            return;
        }
        try {
            schedulers.ioScheduler().execute(() -> {
                try {
                    checkStorage(storage);
                } finally {
                    cleaning.remove(storage);
                }
            });
        } catch (RejectedExecutionException e) {
            cleaning.remove(storage);
        }
    }

    private void makeRoom(Storage storage) {
        if (retention.makeRoom(storage) == 0 && !storage.hasRoom()) {
            stuck.add(storage);
        } else {
            stuck.remove(storage);
        }
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
        stuck.clear();
        storages.values().forEach(this::checkStorage);
    }

    void checkStorage(Storage storage) {
        try {
            boolean wasAvailable = storage.isAvailable();
            Storage.State state = storage.check(index, this::makeRoom);
            report(storage, state);
            if (!wasAvailable && storage.isAvailable()) {
                recover(storage);
                if (index.countSegments(storage.id()) == 0 && storage.containsSegments()) {
                    reindex(List.of(storage));
                }
                syncLockFiles(storage);
            }
        } catch (SQLException | RuntimeException e) {
            logger.error("Check of storage {} failed", storage.name(), e);
        }
    }

    int runRetention() {
        int deleted = 0;
        for (Storage storage : storages.values()) {
            try {
                deleted += retention.run(storage, settings);
            } catch (SQLException | RuntimeException e) {
                logger.error("Retention on storage {} failed", storage.name(), e);
            }
        }
        return deleted;
    }

    /**
     * Publishes a change of a storage's status, or of whether it deletes its oldest recordings to make room,
     * and stops the recorders on it when it stops taking data.
     */
    private void report(Storage storage, Storage.State state) {
        StorageStatus status = state.status();
        boolean overwriting = storage.isAvailable() && storage.overwriting();
        Reported now = new Reported(status, overwriting);
        Reported before;
        synchronized (reported) {
            before = reported.put(storage, now);
        }
        if (now.equals(before)) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.STORAGE_ID, storage.id() == null ? "" : storage.id());
        properties.put(EventProperties.STATUS, status.name());
        if (before != null) {
            properties.put(EventProperties.PREVIOUS_STATUS, before.status().name());
        }
        if (overwriting && status != StorageStatus.FULL) {
            properties.put(EventProperties.CAUSE, storage.overwritingCause());
        }
        StorageInfo info = storage.info();
        properties.put(EventProperties.MESSAGE, info.message().isEmpty() && overwriting
                ? "The oldest unlocked recordings are deleted to make room" : info.message());
        publish(EventTopics.STORAGE_STATUS, properties);
        if (before != null && status != before.status() && status != StorageStatus.OK) {
            Map<String, Object> error = new HashMap<>(properties);
            error.put(EventProperties.MESSAGE, state.message());
            error.remove(EventProperties.CAUSE);
            publish(EventTopics.RECORDING_ERROR, error);
        }
        if (!status.isWritable()) {
            GapCause cause = status == StorageStatus.FULL ? GapCause.STORAGE_FULL : GapCause.STORAGE_UNAVAILABLE;
            recorders.values().stream().filter(r -> r.storage() == storage)
                    .forEach(r -> r.storageLost(cause, "Storage " + status + ": " + state.message()));
        }
    }

    /**
     * Settles segments a previous run left open (it was killed or lost power): each file is read to its last
     * readable packet, the index takes that end, and the segment is closed. The file stays as it is; a
     * Matroska file without its closing index still plays.
     */
    void recover(Storage storage) throws SQLException {
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
                index.closeFromFile(row, result.endMicros(), Files.size(file), result.keyframes());
                logger.info("Segment {} recovered after an unclean stop: {} packets up to {}", row.path(),
                        result.packets(), Micros.iso(result.endMicros()));
                // Only where recording is expected all the time is the time since then missing video.
                if (continuousNow(row.cameraId()) && index.openGap(row.cameraId()).isEmpty()) {
                    index.openGap(row.cameraId(), result.endMicros(), GapCause.SERVER_STOPPED);
                }
            } catch (IOException e) {
                // Unreadable: the file stays for an administrator, the index stops pointing at it.
                logger.error("Segment {} is unreadable and left out of the index: {}", row.path(), e.getMessage());
                index.deleteSegment(row.id());
            }
        }
        storage.recount(index);
    }

    /** The reindex started at activation, for tests; completes with {@code null} when none was needed. */
    CompletableFuture<ReindexReport> startupReindex() {
        return startupReindex;
    }

    // ---- locks ----

    /** After the index was lost: every lock any storage carries is a lock again. */
    private void restoreLocks() {
        int restored = 0;
        for (Storage storage : storages.values()) {
            if (!storage.isAvailable()) {
                continue;
            }
            try {
                for (RecordingIndex.LockRow lock : LockFiles.read(storage.root())) {
                    index.saveLock(lock);
                    restored++;
                }
            } catch (IOException | SQLException e) {
                logger.error("Locks of storage {} could not be restored: {}", storage.name(), e.toString());
            }
        }
        if (restored > 0) {
            logger.info("{} recording locks restored from the storages", restored);
        }
    }

    /** While the index exists it is what counts: the storage carries its locks, and no others. */
    private void syncLockFiles(Storage storage) {
        try {
            LockFiles.sync(storage.root(), index.allLocks());
        } catch (IOException | SQLException e) {
            logger.error("Lock files of storage {} could not be brought up to date: {}", storage.name(),
                    e.toString());
        }
    }

    // ---- RecordingService: event recordings ----

    @Override
    public EventRecording startRecording(RecordingRequest request) {
        Objects.requireNonNull(request, "request");
        String cameraId = SegmentFiles.requireSafeId(request.cameraId(), "camera id");
        RecordingType type = request.type();
        if (type != RecordingType.MANUAL && type != RecordingType.RULE && type != RecordingType.MOTION) {
            throw new IllegalArgumentException("event recordings are MANUAL, RULE or MOTION, not " + type);
        }
        Duration prebuffer = request.prebuffer() == null ? settings.defaultPrebuffer() : request.prebuffer();
        Duration postbuffer = request.postbuffer() == null ? settings.defaultPostbuffer() : request.postbuffer();
        if (prebuffer.isNegative() || prebuffer.compareTo(settings.maxPrebuffer()) > 0) {
            throw new IllegalArgumentException("the prebuffer must be between 0 and " + settings.maxPrebuffer()
                    .toSeconds() + " s");
        }
        if (postbuffer.isNegative() || postbuffer.compareTo(RecordingSettings.MAX_POSTBUFFER) > 0) {
            throw new IllegalArgumentException("the postbuffer must be between 0 and "
                    + RecordingSettings.MAX_POSTBUFFER.toSeconds() + " s");
        }
        if (request.source().length() > 200) {
            throw new IllegalArgumentException("the source must be at most 200 characters");
        }
        if (stopping) {
            throw new IllegalStateException("the recording engine is stopping");
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            CameraRecorder recorder = existingRecorder(cameraId).orElseGet(() -> prepare(cameraId));
            EventRecording started = recorder.startEvent(type, request.source(), prebuffer, postbuffer,
                    clock.instant());
            if (started != null) {
                demandChanged(cameraId);
                return started;
            }
        }
        throw new IllegalStateException("camera " + cameraId + " is being stopped; try again");
    }

    private CameraRecorder prepare(String cameraId) {
        RecorderFeed current = feed;
        if (current == null) {
            throw new IllegalStateException("cameras cannot be recorded now: the device registry is not followed");
        }
        return recorder(cameraId, current.deviceOf(cameraId));
    }

    @Override
    public Optional<EventRecording> stopRecording(String recordingId) {
        Objects.requireNonNull(recordingId, "recordingId");
        for (CameraRecorder recorder : recorders.values()) {
            Optional<EventRecording> stopped = recorder.stopEvent(e -> e.id().equals(recordingId), clock.instant());
            if (stopped.isPresent()) {
                return stopped;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<EventRecording> stopRecording(String cameraId, RecordingType type, String source) {
        Objects.requireNonNull(type, "type");
        String wanted = source == null ? "" : source;
        return existingRecorder(Objects.requireNonNull(cameraId, "cameraId")).flatMap(r -> r.stopEvent(
                e -> e.type() == type && e.source().equals(wanted), clock.instant()));
    }

    @Override
    public List<EventRecording> eventRecordings(String cameraId) {
        return existingRecorder(Objects.requireNonNull(cameraId, "cameraId")).map(CameraRecorder::eventRecordings)
                .orElse(List.of());
    }

    // ---- RecordingService: locks ----

    @Override
    public RecordingLock lock(String cameraId, Instant from, Instant to, String reason) {
        SegmentFiles.requireSafeId(cameraId, "camera id");
        checkInterval(cameraId, from, to);
        String text = reason == null ? "" : reason.strip();
        if (text.length() > 1000) {
            throw new IllegalArgumentException("the reason must be at most 1000 characters");
        }
        RecordingIndex.LockRow row = new RecordingIndex.LockRow(UUID.randomUUID().toString(), cameraId,
                Micros.of(from), Micros.of(to), text, nowMicros());
        // The index first: it is what retention and room making read, so the lock holds at once.
        query(() -> {
            index.saveLock(row);
            return null;
        });
        for (Storage storage : storages.values()) {
            if (storage.isAvailable()) {
                try {
                    LockFiles.write(storage.root(), row);
                } catch (IOException e) {
                    logger.error("Lock {} not written to storage {}; written when it is checked next: {}", row.id(),
                            storage.name(), e.toString());
                }
            }
        }
        logger.info("Recordings of camera {} locked from {} to {} ({})", cameraId, from, to, row.id());
        return lock(row);
    }

    @Override
    public boolean unlock(String lockId) {
        if (!LockFiles.isValidId(lockId)) {
            return false;
        }
        boolean deleted = query(() -> index.deleteLock(lockId));
        for (Storage storage : storages.values()) {
            if (storage.isAvailable()) {
                try {
                    LockFiles.delete(storage.root(), lockId);
                } catch (IOException e) {
                    logger.error("Lock file {} not deleted from storage {}: {}", lockId, storage.name(), e.toString());
                }
            }
        }
        if (deleted) {
            logger.info("Recording lock {} removed", lockId);
        }
        return deleted;
    }

    @Override
    public List<RecordingLock> locks(String cameraId, Instant from, Instant to) {
        checkInterval(cameraId, from, to);
        return query(() -> index.locks(cameraId, Micros.of(from), Micros.of(to))).stream()
                .map(RecordingEngine::lock).toList();
    }

    private static RecordingLock lock(RecordingIndex.LockRow row) {
        return new RecordingLock(row.id(), row.cameraId(), Micros.toInstant(row.fromMicros()),
                Micros.toInstant(row.toMicros()), row.reason(), Micros.toInstant(row.createdMicros()));
    }

    // ---- RecordingService: files the index does not know ----

    @Override
    public List<NonIndexedFile> nonIndexedFiles() {
        return nonIndexed(false);
    }

    @Override
    public List<NonIndexedFile> collectNonIndexedFiles() {
        return nonIndexed(true);
    }

    private List<NonIndexedFile> nonIndexed(boolean move) {
        List<NonIndexedFile> files = new ArrayList<>();
        // Under the reindexer's lock, so no file is indexed or dropped while it is judged.
        synchronized (reindexer) {
            for (Storage storage : storages.values()) {
                if (storage.isAvailable()) {
                    files.addAll(query(() -> NonIndexedFiles.find(storage, index, sync.activePaths(storage.id()),
                            move)));
                }
            }
        }
        return files;
    }

    // ---- RecordingService: what is recorded ----

    @Override
    public Timeline timeline(String cameraId, Instant from, Instant to) {
        long f = Micros.of(from);
        long t = Micros.of(checkInterval(cameraId, from, to));
        List<RecordingIndex.SpanRow> rows = query(() -> index.recorded(cameraId, f, t));
        List<RecordingIndex.Reach> reaching = query(() -> index.reachingBack(cameraId, f, t));
        List<Run> pieces = retype(rows, reaching);
        pieces.sort(Comparator.comparingLong(r -> r.start));
        // Per type, pieces that touch form one span.
        List<Run> runs = new ArrayList<>();
        Map<RecordingType, Run> last = new EnumMap<>(RecordingType.class);
        for (Run piece : pieces) {
            Run run = last.get(piece.type);
            if (run != null && piece.start <= run.end + CONTIGUOUS_MICROS) {
                run.end = Math.max(run.end, piece.end);
            } else {
                run = new Run(piece.type, piece.start, piece.end);
                last.put(piece.type, run);
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

    /**
     * The recorded spans and open segments as pieces of the timeline, where an event's prebuffer, lying in the
     * continuous recording before its first file, shows the event's type. Other event types keep theirs, so one
     * recording never takes time from another; where prebuffers overlap, the one reaching further back wins. One
     * pass: the rows come ordered by start and the reaching rows by where their type begins, and a reach is at most
     * {@link SegmentFiles#MAX_TYPE_REACH_MICROS} long, so each piece looks at a few reaches only.
     */
    static List<Run> retype(List<RecordingIndex.SpanRow> rows, List<RecordingIndex.Reach> reaching) {
        List<Run> pieces = new ArrayList<>(rows.size() + 2 * reaching.size());
        int firstReach = 0;
        for (RecordingIndex.SpanRow row : rows) {
            if (row.type() != RecordingType.CONTINUOUS) {
                pieces.add(new Run(row.type(), row.startMicros(), row.endMicros()));
                continue;
            }
            while (firstReach < reaching.size()
                    && reaching.get(firstReach).fromMicros() < row.startMicros() - SegmentFiles.MAX_TYPE_REACH_MICROS) {
                firstReach++;
            }
            List<Run> local = null;
            for (int i = firstReach; i < reaching.size(); i++) {
                RecordingIndex.Reach reach = reaching.get(i);
                if (reach.fromMicros() >= row.endMicros()) {
                    break;
                }
                if (reach.untilMicros() <= row.startMicros()) {
                    continue;
                }
                if (local == null) {
                    local = new ArrayList<>(List.of(new Run(row.type(), row.startMicros(), row.endMicros())));
                }
                local = retype(local, reach.fromMicros(), reach.untilMicros(), reach.type());
            }
            if (local == null) {
                pieces.add(new Run(row.type(), row.startMicros(), row.endMicros()));
            } else {
                pieces.addAll(local);
            }
        }
        return pieces;
    }

    /** Gives the continuous parts of {@code pieces} within {@code [from, to)} another type. */
    private static List<Run> retype(List<Run> pieces, long from, long to, RecordingType type) {
        List<Run> result = new ArrayList<>(pieces.size() + 2);
        for (Run piece : pieces) {
            if (piece.type != RecordingType.CONTINUOUS || piece.end <= from || piece.start >= to) {
                result.add(piece);
                continue;
            }
            if (piece.start < from) {
                result.add(new Run(piece.type, piece.start, from));
            }
            result.add(new Run(type, Math.max(piece.start, from), Math.min(piece.end, to)));
            if (piece.end > to) {
                result.add(new Run(piece.type, to, piece.end));
            }
        }
        return result;
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
                row.open(), keyframes.stream().map(Micros::toInstant).toList(), row.locked());
    }

    @Override
    public RecordingStatus status(String cameraId) {
        Objects.requireNonNull(cameraId, "cameraId");
        StorageStatus storageStatus = storageFor(cameraId).state().status();
        Optional<CameraRecorder> recorder = existingRecorder(cameraId);
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
        return storages.values().stream().map(Storage::info).toList();
    }

    @Override
    public ReindexReport reindex() {
        return reindex(List.copyOf(storages.values()));
    }

    /** Rebuilds the index of some storages; one report for all of them. */
    private ReindexReport reindex(List<Storage> which) {
        Instant started = clock.instant();
        int files = 0;
        int segments = 0;
        long keyframes = 0;
        int removed = 0;
        List<String> problems = new ArrayList<>();
        for (Storage storage : which) {
            ReindexReport report = query(() -> reindexer.run(storage,
                    sync.activePaths(storage.id() == null ? "" : storage.id())));
            files += report.files();
            segments += report.segments();
            keyframes += report.keyframes();
            removed += report.removed();
            problems.addAll(report.problems());
            try {
                storage.recount(index);
            } catch (SQLException e) {
                logger.error("Use of storage {} not recounted: {}", storage.name(), e.toString());
            }
        }
        return new ReindexReport(started, Duration.between(started, clock.instant()), files, segments, keyframes,
                removed, problems);
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
    static final class Run {
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
