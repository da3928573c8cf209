package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventTopics;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.PacketSink;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.RecordingStatus;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.StorageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera stream. As a {@link PacketSink} it only queues: the producer is never blocked. The
 * queue is bounded; when the recorder falls behind that far, packets are refused up to the next keyframe
 * and the refusal is an event and a gap, never a silent drop. The queue is drained on the I/O pool by one
 * task at a time, which does all the writing.
 */
final class CameraRecorder implements PacketSink {

    private static final int DRAIN_BATCH = 256;

    private record Started(List<CodecParameters> streams) {
    }

    private record Stopped(String reason) {
    }

    private record Overflow(long atMicros) {
    }

    private record Finish(GapCause cause, CompletableFuture<Void> done) {
    }

    private record Crash(CompletableFuture<Void> done) {
    }

    private record StorageLost(GapCause cause, String reason) {
    }

    private record LoadGap() {
    }

    private final Logger logger = LoggerFactory.getLogger(CameraRecorder.class);
    private final RecordingEngine engine;
    private final String cameraId;
    private final String deviceId;
    private final RecordingType type;
    private final Executor executor;
    private final long segmentMicros;
    private final long queueBytesLimit;
    private final int queuePacketsLimit;

    // Producer side.
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedPackets = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile int producerVideoIndex = -1;
    private volatile boolean refusing;
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean finished;

    // Recorder side: only the drain task touches these.
    private List<CodecParameters> streams;
    private int videoIndex = -1;
    private OpenSegment segment;
    /** Per stream, the last spacing of its packets: the best guess for a packet whose successor never came. */
    private long[] lastDelta = new long[0];
    private Gap gap;
    private long lastEndMicros = Long.MIN_VALUE;
    private boolean warnedNoStreams;
    /** The cause last reported by an error event, so a lasting problem is reported once, not per keyframe. */
    private GapCause reported;

    // For status(), written by the drain task.
    private volatile boolean recording;
    private volatile long sinceMicros = Long.MIN_VALUE;
    private volatile GapCause currentGap;
    private volatile String message = "waiting for the first keyframe";

    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** A gap that is open in the index and ends where the next segment starts. */
    private record Gap(long startMicros, GapCause cause) {
    }

    /** The segment being written, with the packets held back until the next one of their stream arrives. */
    private final class OpenSegment {
        final SegmentWriter writer;
        final SegmentState state;
        final long startMicros;
        final MediaPacket[] pending;
        final List<Long> unflushedKeyframes = new ArrayList<>();
        long endMicros;

        OpenSegment(SegmentWriter writer, SegmentState state, long startMicros, int streamSlots) {
            this.writer = writer;
            this.state = state;
            this.startMicros = startMicros;
            this.pending = new MediaPacket[streamSlots];
            this.endMicros = startMicros;
        }
    }

    CameraRecorder(RecordingEngine engine, String cameraId, String deviceId, RecordingType type, Executor executor) {
        this.engine = engine;
        this.cameraId = SegmentFiles.requireSafeId(cameraId, "camera id");
        this.deviceId = deviceId;
        this.type = type;
        this.executor = executor;
        RecordingSettings settings = engine.settings();
        this.segmentMicros = settings.segmentLength().toNanos() / 1000;
        this.queueBytesLimit = settings.queueBytes();
        this.queuePacketsLimit = settings.queuePackets();
    }

    /** Picks up the gap a previous run left open; the first segment will end it. */
    void start() {
        enqueue(new LoadGap());
    }

    String cameraId() {
        return cameraId;
    }

    RecordingType type() {
        return type;
    }

    // ---- PacketSink: called by the producer, never blocks ----

    @Override
    public void streamStarted(List<CodecParameters> parameters) {
        List<CodecParameters> copy = List.copyOf(parameters);
        producerVideoIndex = copy.stream().filter(s -> s.kind() == MediaKind.VIDEO).mapToInt(CodecParameters::index)
                .findFirst().orElse(-1);
        refusing = false;
        enqueue(new Started(copy));
    }

    @Override
    public void packet(MediaPacket packet) {
        if (finished) {
            return;
        }
        int size = packet.size();
        if (refusing) {
            if (!isCutPoint(packet, producerVideoIndex) || !hasRoom(size)) {
                refused.incrementAndGet();
                return;
            }
            logger.warn("Camera {}: recording resumes after refusing {} packets", cameraId, refused.get());
            refusing = false;
        } else if (!hasRoom(size)) {
            refusing = true;
            refused.set(1);
            enqueue(new Overflow(packet.ptsMicros()));
            return;
        }
        queuedBytes.addAndGet(size);
        queuedPackets.incrementAndGet();
        enqueue(packet);
    }

    @Override
    public void streamStopped(String reason) {
        refusing = false;
        enqueue(new Stopped(reason == null ? "" : reason));
    }

    private boolean hasRoom(int size) {
        return queuedPackets.get() < queuePacketsLimit && queuedBytes.get() + size <= queueBytesLimit;
    }

    private static boolean isCutPoint(MediaPacket packet, int videoIndex) {
        return packet.keyframe() && (videoIndex < 0 || packet.streamIndex() == videoIndex);
    }

    // ---- control, from the engine ----

    /**
     * Stops recording: the open segment is finished.
     *
     * @param cause the gap that begins now ({@link GapCause#SERVER_STOPPED} when the server shuts down), or
     *              {@code null} when recording is not expected any more (device removed), which ends any gap
     * @return completes when the segment is finished
     */
    CompletableFuture<Void> finish(GapCause cause) {
        CompletableFuture<Void> finishing = new CompletableFuture<>();
        enqueue(new Finish(cause, finishing));
        return finishing;
    }

    /** Drops the open segment like a killed process would; tests of crash recovery only. */
    CompletableFuture<Void> crash() {
        CompletableFuture<Void> crashing = new CompletableFuture<>();
        enqueue(new Crash(crashing));
        return crashing;
    }

    /** The storage stopped taking data: finish the segment and open a gap. */
    void storageLost(GapCause cause, String reason) {
        enqueue(new StorageLost(cause, reason));
    }

    CompletableFuture<Void> done() {
        return done;
    }

    RecordingStatus status(StorageStatus storage) {
        boolean now = recording;
        long since = sinceMicros;
        return new RecordingStatus(cameraId, now, now ? type : null,
                since == Long.MIN_VALUE ? null : Micros.toInstant(since), now ? null : currentGap, storage, message);
    }

    // ---- the drain task ----

    private void enqueue(Object item) {
        queue.add(item);
        schedule();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                logger.debug("Camera {}: the I/O pool is shut down", cameraId);
            }
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < DRAIN_BATCH; i++) {
                Object item = queue.poll();
                if (item == null) {
                    break;
                }
                if (item instanceof MediaPacket packet) {
                    queuedBytes.addAndGet(-packet.size());
                    queuedPackets.decrementAndGet();
                }
                if (!done.isDone()) {
                    process(item);
                } else if (item instanceof Finish f) {
                    f.done().complete(null);
                } else if (item instanceof Crash c) {
                    c.done().complete(null);
                }
            }
        } finally {
            draining.set(false);
        }
        // Other cameras share the pool: give way after a batch, and catch items queued meanwhile.
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    private void process(Object item) {
        try {
            if (item instanceof MediaPacket packet) {
                onPacket(packet);
            } else if (item instanceof Started started) {
                onStarted(started.streams());
            } else if (item instanceof Stopped stopped) {
                onStopped(stopped.reason());
            } else if (item instanceof Overflow overflow) {
                onOverflow(overflow.atMicros());
            } else if (item instanceof StorageLost lost) {
                onStorageLost(lost.cause(), lost.reason());
            } else if (item instanceof Finish finish) {
                onFinish(finish.cause());
                finish.done().complete(null);
            } else if (item instanceof Crash crash) {
                onCrash();
                crash.done().complete(null);
            } else if (item instanceof LoadGap) {
                loadOpenGap();
            }
        } catch (RuntimeException e) {
            logger.error("Camera {}: recording failed", cameraId, e);
            fail(GapCause.ERROR, "Recording failed: " + e);
            if (item instanceof Finish finish) {
                finishedNow();
                finish.done().complete(null);
            } else if (item instanceof Crash crash) {
                finishedNow();
                crash.done().complete(null);
            }
        }
    }

    private void loadOpenGap() {
        try {
            engine.index().openGap(cameraId).ifPresent(g -> {
                gap = new Gap(g.startMicros(), g.cause());
                currentGap = g.cause();
                sinceMicros = g.startMicros();
            });
        } catch (SQLException e) {
            logger.warn("Camera {}: open gap not readable: {}", cameraId, e.toString());
        }
    }

    private void onStarted(List<CodecParameters> next) {
        if (segment != null && !sameStreams(streams, next)) {
            // New codec parameters need a new file header; the next keyframe starts it.
            finishSegment(Long.MIN_VALUE);
        }
        streams = next;
        lastDelta = new long[next.stream().mapToInt(CodecParameters::index).max().orElse(0) + 1];
        videoIndex = next.stream().filter(s -> s.kind() == MediaKind.VIDEO).mapToInt(CodecParameters::index)
                .findFirst().orElse(-1);
        warnedNoStreams = false;
    }

    private static boolean sameStreams(List<CodecParameters> a, List<CodecParameters> b) {
        if (a == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            CodecParameters x = a.get(i);
            CodecParameters y = b.get(i);
            if (x.index() != y.index() || x.kind() != y.kind() || !x.codec().equals(y.codec()) || x.width() != y.width()
                    || x.height() != y.height() || x.sampleRate() != y.sampleRate() || x.channels() != y.channels()
                    || !Arrays.equals(x.extradata(), y.extradata())) {
                return false;
            }
        }
        return true;
    }

    private void onPacket(MediaPacket packet) {
        if (streams == null) {
            if (!warnedNoStreams) {
                logger.warn("Camera {}: packets before the stream description are not recordable", cameraId);
                warnedNoStreams = true;
            }
            return;
        }
        boolean cutPoint = isCutPoint(packet, videoIndex);
        if (segment == null) {
            if (!cutPoint) {
                return;
            }
            openSegment(packet.ptsMicros());
            if (segment == null) {
                return;
            }
        } else if (cutPoint) {
            if (packet.ptsMicros() - segment.startMicros >= segmentMicros) {
                finishSegment(packet.ptsMicros());
                openSegment(packet.ptsMicros());
                if (segment == null) {
                    return;
                }
            } else {
                flushGop(packet.ptsMicros());
                if (segment == null) {
                    return;
                }
            }
        }
        hold(packet);
    }

    /** Writes the packet held for the same stream, now that its length is known, and holds this one. */
    private void hold(MediaPacket packet) {
        int slot = packet.streamIndex();
        if (slot < 0 || slot >= segment.pending.length) {
            return;
        }
        MediaPacket previous = segment.pending[slot];
        segment.pending[slot] = packet;
        if (previous != null) {
            long delta = packet.ptsMicros() - previous.ptsMicros();
            if (delta > 0 && slot < lastDelta.length) {
                lastDelta[slot] = delta;
            }
            write(previous, delta > 0 ? delta : estimate(previous, slot));
        }
    }

    private long estimate(MediaPacket packet, int slot) {
        return packet.durationMicros() > 0 ? packet.durationMicros() : slot < lastDelta.length ? lastDelta[slot] : 0;
    }

    /**
     * Writes every held packet. The video packet before a keyframe lasts until it; the others are estimated
     * from their stated length or the spacing of their stream.
     */
    private void writePending(long videoEndMicros) {
        OpenSegment current = segment;
        for (int slot = 0; slot < current.pending.length && segment == current; slot++) {
            MediaPacket held = current.pending[slot];
            if (held == null) {
                continue;
            }
            current.pending[slot] = null;
            long duration = slot == videoIndex && videoEndMicros != Long.MIN_VALUE
                    ? Math.max(0, videoEndMicros - held.ptsMicros())
                    : estimate(held, slot);
            write(held, duration);
        }
    }

    private void write(MediaPacket packet, long durationMicros) {
        if (segment == null) {
            return;
        }
        try {
            SegmentWriter.Written written = segment.writer.write(packet.streamIndex(), packet.ptsMicros(),
                    packet.dtsMicros(), durationMicros, packet.keyframe(), packet.data());
            if (written == null) {
                return;
            }
            segment.endMicros = Math.max(segment.endMicros, written.endMicros());
            if (isCutPoint(packet, videoIndex)) {
                segment.unflushedKeyframes.add(written.ptsMicros());
            }
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    /** A GOP is complete: everything before this keyframe goes to the operating system now. */
    private void flushGop(long keyframeMicros) {
        writePending(keyframeMicros);
        if (segment == null) {
            return;
        }
        try {
            long bytes = segment.writer.flush();
            segment.state.flushed(segment.endMicros, bytes, List.copyOf(segment.unflushedKeyframes));
            segment.unflushedKeyframes.clear();
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    private void openSegment(long startMicros) {
        Storage storage = engine.storage();
        if (!storage.isWritable()) {
            Storage.State state = storage.state();
            GapCause cause = state.status() == StorageStatus.FULL ? GapCause.STORAGE_FULL : GapCause.STORAGE_UNAVAILABLE;
            startGap(cause, lastEndMicros != Long.MIN_VALUE ? lastEndMicros : startMicros,
                    "Storage " + state.status() + ": " + state.message(), true);
            return;
        }
        String path = SegmentFiles.relativePath(cameraId, startMicros, type);
        Path file = storage.root().resolve(path);
        List<Path> directories;
        try {
            directories = createDirectories(file.getParent(), storage.root());
        } catch (IOException e) {
            writeFailed(e);
            return;
        }
        SegmentState state = new SegmentState(cameraId, deviceId, storage.id(), path, file, startMicros, type,
                directories);
        try {
            engine.index().insertOpen(state);
        } catch (SQLException e) {
            // The file is the record; the sync batch inserts the row once the database answers again.
            logger.error("Camera {}: segment {} not yet in the index: {}", cameraId, path, e.toString());
        }
        Map<String, String> tags = tags(startMicros, storage.id());
        SegmentWriter writer;
        try {
            writer = SegmentWriter.open(file, startMicros, tags, streams);
        } catch (FileAlreadyExistsException e) {
            logger.error("Camera {}: {} exists already; waiting for the next keyframe", cameraId, path);
            return;
        } catch (IOException e) {
            forgetRow(state);
            writeFailed(e);
            return;
        }
        if (writer.recorded().size() < streams.stream().filter(s -> s.kind() != MediaKind.METADATA).count()) {
            String text = "Camera " + cameraId + ": only " + writer.codecs() + " of " + streams.stream()
                    .map(CodecParameters::codec).toList() + " can be recorded";
            logger.warn(text);
            engine.publish(EventTopics.RECORDING_ERROR, event(GapCause.ERROR, text));
        }
        int slots = streams.stream().mapToInt(CodecParameters::index).max().orElse(0) + 1;
        segment = new OpenSegment(writer, state, startMicros, slots);
        engine.sync().register(state);
        if (gap != null) {
            try {
                engine.index().closeGaps(cameraId, startMicros);
            } catch (SQLException e) {
                logger.error("Camera {}: gap end not stored: {}", cameraId, e.toString());
            }
            gap = null;
        }
        currentGap = null;
        reported = null;
        if (!recording) {
            recording = true;
            sinceMicros = startMicros;
            message = "";
            engine.publish(EventTopics.RECORDING_STARTED, event(null, ""));
        }
    }

    private Map<String, String> tags(long startMicros, String storageId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SegmentFiles.TAG_CAMERA, cameraId);
        tags.put(SegmentFiles.TAG_DEVICE, deviceId);
        tags.put(SegmentFiles.TAG_START, Micros.iso(startMicros));
        tags.put(SegmentFiles.TAG_TYPE, type.name());
        tags.put(SegmentFiles.TAG_STORAGE, storageId);
        tags.put(SegmentFiles.TAG_VERSION, engine.settings().version());
        if (gap != null) {
            // The gap is stored in the file after it, so a rebuilt index still knows why video was missing.
            tags.put(SegmentFiles.TAG_GAP_START, Micros.iso(gap.startMicros()));
            tags.put(SegmentFiles.TAG_GAP_CAUSE, gap.cause().name());
        }
        tags.put("creation_time", Micros.iso(startMicros));
        return tags;
    }

    /** Creates the day folders, returning the folders whose entries changed and must be forced. */
    private static List<Path> createDirectories(Path folder, Path root) throws IOException {
        Path identity = root.resolve(SegmentFiles.IDENTITY_FILE);
        if (!Files.exists(identity)) {
            // The disk went away since the last storage check: never create folders on whatever is left.
            throw new NoSuchFileException(identity.toString(), null, "the storage is not there any more");
        }
        List<Path> changed = new ArrayList<>();
        Path missing = folder;
        while (missing != null && !missing.equals(root) && !Files.isDirectory(missing)) {
            changed.add(0, missing.getParent());
            missing = missing.getParent();
        }
        Files.createDirectories(folder);
        if (!changed.contains(folder)) {
            changed.add(folder);
        }
        return changed;
    }

    private void forgetRow(SegmentState state) {
        try {
            engine.index().deleteOpen(state.storageId, state.path);
        } catch (SQLException e) {
            logger.debug("Camera {}: row of failed segment stays for recovery", cameraId, e);
        }
    }

    /**
     * Ends the open segment.
     *
     * @param cutMicros the keyframe that starts the next segment, or {@link Long#MIN_VALUE} when none follows
     */
    private void finishSegment(long cutMicros) {
        if (segment == null) {
            return;
        }
        writePending(cutMicros);
        if (segment == null) {
            return;
        }
        OpenSegment finishing = segment;
        segment = null;
        try {
            long bytes = finishing.writer.finish();
            finishing.state.closed(finishing.endMicros, bytes, List.copyOf(finishing.unflushedKeyframes));
            lastEndMicros = finishing.endMicros;
        } catch (IOException e) {
            segment = finishing;
            writeFailed(e);
        }
    }

    private void writeFailed(IOException e) {
        logger.error("Camera {}: writing failed: {}", cameraId, e.toString());
        Storage.State state = engine.storageProblem(e);
        GapCause cause = state.status() == StorageStatus.FULL ? GapCause.STORAGE_FULL : GapCause.STORAGE_UNAVAILABLE;
        fail(cause, "Writing failed: " + e.getMessage());
    }

    /** Abandons the open segment after a failure, keeping what reached its file, and opens a gap. */
    private void fail(GapCause cause, String reason) {
        if (segment != null) {
            OpenSegment failed = segment;
            segment = null;
            failed.writer.closeQuietly();
            // What reached the operating system is in the file; the index takes the last flushed state.
            long end = failed.state.endMicros();
            try {
                failed.state.closed(end, Files.size(failed.state.file), List.of());
            } catch (IOException e) {
                failed.state.closed(end, 0, List.of());
            }
            lastEndMicros = end;
        }
        startGap(cause, lastEndMicros != Long.MIN_VALUE ? lastEndMicros : engine.nowMicros(), reason, true);
    }

    private void startGap(GapCause cause, long startMicros, String reason, boolean error) {
        boolean wasRecording = recording;
        recording = false;
        message = reason;
        if (gap == null) {
            gap = new Gap(startMicros, cause);
            currentGap = cause;
            sinceMicros = startMicros;
            try {
                engine.index().openGap(cameraId, startMicros, cause);
            } catch (SQLException e) {
                logger.error("Camera {}: gap not stored: {}", cameraId, e.toString());
            }
        }
        if (wasRecording) {
            engine.publish(EventTopics.RECORDING_STOPPED, event(cause, reason));
        }
        if (error && cause != reported) {
            reported = cause;
            engine.publish(EventTopics.RECORDING_ERROR, event(cause, reason));
        }
    }

    private void onStopped(String reason) {
        finishSegment(Long.MIN_VALUE);
        startGap(GapCause.CAMERA_LOST, lastEndMicros != Long.MIN_VALUE ? lastEndMicros : engine.nowMicros(),
                reason.isEmpty() ? "The camera stopped sending" : "The camera stopped sending: " + reason, true);
    }

    private void onOverflow(long atMicros) {
        finishSegment(Long.MIN_VALUE);
        startGap(GapCause.OVERLOAD, lastEndMicros != Long.MIN_VALUE ? lastEndMicros : atMicros,
                "The recorder could not keep up; packets are refused until the next keyframe", true);
    }

    private void onStorageLost(GapCause cause, String reason) {
        if (segment == null) {
            return;
        }
        finishSegment(Long.MIN_VALUE);
        startGap(cause, lastEndMicros, reason, true);
    }

    private void onFinish(GapCause cause) {
        finishSegment(Long.MIN_VALUE);
        if (cause != null) {
            startGap(cause, lastEndMicros != Long.MIN_VALUE ? lastEndMicros : engine.nowMicros(),
                    "Recording stopped: " + cause, false);
        } else {
            if (gap != null) {
                try {
                    engine.index().closeGaps(cameraId, engine.nowMicros());
                } catch (SQLException e) {
                    logger.error("Camera {}: gap end not stored: {}", cameraId, e.toString());
                }
                gap = null;
            }
            if (recording) {
                recording = false;
                engine.publish(EventTopics.RECORDING_STOPPED, event(null, "Recording stopped"));
            }
            currentGap = null;
            message = "not recording";
        }
        finishedNow();
    }

    private void onCrash() {
        if (segment != null) {
            segment.writer.abandon();
            engine.sync().forget(segment.state);
            segment = null;
        }
        finishedNow();
    }

    private void finishedNow() {
        finished = true;
        recording = false;
        done.complete(null);
        engine.finished(this);
    }

    private Map<String, Object> event(GapCause cause, String text) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.CAMERA_ID, cameraId);
        properties.put(EventProperties.DEVICE_ID, deviceId);
        properties.put(EventProperties.RECORDING_TYPE, type.name());
        if (cause != null) {
            properties.put(EventProperties.CAUSE, cause.name());
        }
        properties.put(EventProperties.MESSAGE, text);
        return properties;
    }
}
