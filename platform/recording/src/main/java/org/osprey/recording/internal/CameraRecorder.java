package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventTopics;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.PacketSink;
import org.osprey.api.recording.EventRecording;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.RecordingStatus;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.StorageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera stream: continuously, for event recordings, or both. As a {@link PacketSink} it only
 * queues: the producer is never blocked. The queue is bounded; when the recorder falls behind that far,
 * packets are refused up to the next keyframe and the refusal is an event and a gap, never a silent drop.
 * The queue is drained on the I/O pool by one task at a time, which does all the writing.
 *
 * <p>Segments follow one another without overlap, and each has one type: at every keyframe the recorder
 * picks the type the camera should be recorded with now (the strongest running event recording, else
 * continuous, else none) and cuts the segment when it changes. An event recording's prebuffer comes from
 * what is already written (a continuous camera: the new segment's type is stated to reach back to the
 * keyframe at or before the prebuffer) or from the {@link Prebuffer} (any other camera: its GOPs are
 * written into the new segment).
 */
final class CameraRecorder implements PacketSink {

    private static final int DRAIN_BATCH = 256;
    /**
     * Packets wait in the queue for the next keyframe, as a GOP reaches the file only as a whole anyway:
     * one hand-over to the drain task per GOP instead of one per packet. These bound the wait for cameras
     * with long GOPs.
     */
    private static final long MAX_HELD_MICROS = 1_000_000;
    private static final long MAX_HELD_BYTES = 2L << 20;
    private static final long RUNNING = Long.MAX_VALUE;
    private static final String OUTSIDE_SCHEDULE = "outside the recording schedule";
    /**
     * Pictures are further apart than this; the slices of one picture, which some cameras send as packets of
     * their own with about the same time, are not.
     */
    private static final long SAME_PICTURE_MICROS = 1000;
    /**
     * How far back a replayed GOP ring can reach. Older packets mean the clock was set back, and are recorded:
     * losing video is worse than a timeline that overlaps itself.
     */
    private static final long MAX_REPLAY_MICROS = 20_000_000L;

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

    private record ContinuousChanged(boolean on) {
    }

    private record StartEvent(EventState event) {
    }

    private record StopEvent(EventState event) {
    }

    private record ResumeEvent(EventState event) {
    }

    /**
     * An event recording. What callers asked for is guarded by the recorder's {@code events} list; where it
     * stands in the stream belongs to the drain task.
     */
    private static final class EventState {
        final String id = UUID.randomUUID().toString();
        final RecordingType type;
        final String source;
        final Instant started;
        final Duration prebuffer;
        Duration postbuffer;
        Instant stopRequested;
        boolean ended;
        // Drain task only.
        boolean begun;
        long stopPts = RUNNING;
        /** Whether a segment of its type, or a stronger one, was written since it began. */
        boolean covered;

        EventState(RecordingType type, String source, Duration prebuffer, Duration postbuffer, Instant started) {
            this.type = type;
            this.source = source;
            this.prebuffer = prebuffer;
            this.postbuffer = postbuffer;
            this.started = started;
        }

        EventRecording snapshot(String cameraId) {
            return new EventRecording(id, cameraId, type, source, prebuffer, postbuffer, started, stopRequested);
        }
    }

    private final Logger logger = LoggerFactory.getLogger(CameraRecorder.class);
    private final RecordingEngine engine;
    private final String cameraId;
    private final String deviceId;
    private final Storage storage;
    /** Whether a schedule turns this camera's continuous recording on and off. */
    private final boolean scheduled;
    /** Whether continuous recording is wanted now, as the engine last said; any thread reads it. */
    private volatile boolean continuousWanted;
    private final Executor executor;
    private final long segmentMicros;
    private final long maxPrebufferMicros;
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
    /** Producer only: the time of the first packet queued without waking the drain task, and their bytes. */
    private long heldSinceMicros = Long.MIN_VALUE;
    private long heldBytes;
    private volatile boolean finished;
    /** Set when a finish is asked for: from then on the recorder takes no new event recordings. */
    private volatile boolean closing;

    /** Event recordings not ended yet; the lock also orders their commands in the queue. */
    private final List<EventState> events = new ArrayList<>();

    // Recorder side: only the drain task touches these.
    /** Whether the camera is recorded continuously now; follows {@link #continuousWanted} in queue order. */
    private boolean continuous;
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
    /**
     * Where the recorder before this one stopped: a restarted engine is fed again from the camera's GOP ring,
     * and what was recorded already is not recorded twice.
     */
    private long recordedUntil = Long.MIN_VALUE;
    /** Time of the last video packet recorded, so a picture's later slices never start a segment. */
    private long lastVideoPts = Long.MIN_VALUE;
    /** The newest packet time seen: "now" in the stream's own clock. */
    private long lastPts = Long.MIN_VALUE;
    /** Whether the camera stopped sending and has not started again. */
    private boolean streamDown;
    /** Keyframes written without a break, reaching back one prebuffer: where an event's type can begin. */
    private final ArrayDeque<Long> recentKeyframes = new ArrayDeque<>();
    private final Prebuffer prebuffer;
    /** A type switch coming at the next keyframe, and where that type begins on the timeline. */
    private RecordingType pendingType;
    private long pendingFrom;
    private boolean forceCut;

    // For status(), written by the drain task.
    private volatile boolean recording;
    private volatile RecordingType writingType;
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
        final RecordingType type;
        final long typeFromMicros;
        final MediaPacket[] pending;
        final List<Long> unflushedKeyframes = new ArrayList<>();
        long endMicros;

        OpenSegment(SegmentWriter writer, SegmentState state, int streamSlots) {
            this.writer = writer;
            this.state = state;
            this.startMicros = state.startMicros;
            this.type = state.type;
            this.typeFromMicros = state.typeFromMicros;
            this.pending = new MediaPacket[streamSlots];
            this.endMicros = startMicros;
        }
    }

    CameraRecorder(RecordingEngine engine, String cameraId, String deviceId, Executor executor) {
        this.engine = engine;
        this.cameraId = SegmentFiles.requireSafeId(cameraId, "camera id");
        this.deviceId = deviceId;
        this.executor = executor;
        RecordingSettings settings = engine.settings();
        this.storage = engine.storageFor(cameraId);
        this.scheduled = settings.scheduleOf(cameraId).isPresent();
        this.continuous = engine.continuousNow(cameraId);
        this.continuousWanted = continuous;
        this.segmentMicros = settings.segmentLength().toNanos() / 1000;
        this.maxPrebufferMicros = settings.maxPrebuffer().toNanos() / 1000;
        this.queueBytesLimit = settings.queueBytes();
        this.queuePacketsLimit = settings.queuePackets();
        // A continuous camera's prebuffer is on disk already; only the others keep one in memory, and those
        // whose schedule may stop continuous recording.
        this.prebuffer = (!settings.continuous(cameraId) || scheduled) && maxPrebufferMicros > 0
                ? new Prebuffer(maxPrebufferMicros, settings.prebufferBytes()) : null;
        if (!continuous) {
            message = scheduled ? OUTSIDE_SCHEDULE : "not recording";
        }
    }

    /** Picks up the gap a previous run left open; the first segment will end it. */
    void start() {
        enqueue(new LoadGap());
    }

    String cameraId() {
        return cameraId;
    }

    String deviceId() {
        return deviceId;
    }

    /** Whether it has finished or is finishing; a camera that is still recorded gets a new recorder. */
    boolean isFinished() {
        return finished || closing;
    }

    /** Whether the camera's stream is needed now: to record, or to keep a prebuffer. */
    boolean wantsStream() {
        // While a segment is open its end needs the next keyframe, even when recording is no longer wanted.
        if (continuousWanted || prebuffer != null || recording) {
            return true;
        }
        synchronized (events) {
            return !events.isEmpty();
        }
    }

    // ---- PacketSink: called by the producer, never blocks ----

    @Override
    public void streamStarted(List<CodecParameters> parameters) {
        List<CodecParameters> copy = List.copyOf(parameters);
        producerVideoIndex = copy.stream().filter(s -> s.kind() == MediaKind.VIDEO).mapToInt(CodecParameters::index)
                .findFirst().orElse(-1);
        refusing = false;
        releaseHeld();
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
        queue.add(packet);
        if (dueForDrain(packet, size)) {
            releaseHeld();
            schedule();
        } else {
            if (heldSinceMicros == Long.MIN_VALUE) {
                heldSinceMicros = packet.ptsMicros();
            }
            heldBytes += size;
        }
    }

    /** Whether the drain task must run now; holding never fills more than half of the queue. */
    private boolean dueForDrain(MediaPacket packet, int size) {
        return isCutPoint(packet, producerVideoIndex) || heldBytes + size >= MAX_HELD_BYTES
                || heldSinceMicros != Long.MIN_VALUE && Math.abs(packet.ptsMicros() - heldSinceMicros) >= MAX_HELD_MICROS
                || 2L * queuedPackets.get() >= queuePacketsLimit || 2 * queuedBytes.get() >= queueBytesLimit;
    }

    private void releaseHeld() {
        heldSinceMicros = Long.MIN_VALUE;
        heldBytes = 0;
    }

    /** Only queues, so the camera's reading thread may call it and spare a thread hand-over per packet. */
    @Override
    public boolean callableFromProducer() {
        return true;
    }

    @Override
    public void streamStopped(String reason) {
        refusing = false;
        releaseHeld();
        enqueue(new Stopped(reason == null ? "" : reason));
    }

    private boolean hasRoom(int size) {
        return queuedPackets.get() < queuePacketsLimit && queuedBytes.get() + size <= queueBytesLimit;
    }

    private static boolean isCutPoint(MediaPacket packet, int videoIndex) {
        return packet.keyframe() && (videoIndex < 0 || packet.streamIndex() == videoIndex);
    }

    // ---- event recordings, from any thread ----

    /**
     * Starts an event recording, or keeps the one with the same type and source running.
     *
     * @return the recording, or {@code null} when this recorder has finished and a new one must take it
     */
    EventRecording startEvent(RecordingType type, String source, Duration prebuffer, Duration postbuffer,
            Instant now) {
        synchronized (events) {
            if (finished || closing) {
                return null;
            }
            for (EventState event : events) {
                if (event.type == type && event.source.equals(source)) {
                    if (postbuffer.compareTo(event.postbuffer) > 0) {
                        event.postbuffer = postbuffer;
                    }
                    if (event.stopRequested != null) {
                        event.stopRequested = null;
                        enqueue(new ResumeEvent(event));
                    }
                    return event.snapshot(cameraId);
                }
            }
            EventState event = new EventState(type, source, prebuffer, postbuffer, now);
            events.add(event);
            // Queued under the lock, so the drain task sees starts and stops in the order they were made.
            enqueue(new StartEvent(event));
            return event.snapshot(cameraId);
        }
    }

    /** Stops the first running event recording that matches; its postbuffer is still recorded. */
    Optional<EventRecording> stopEvent(Predicate<EventRecording> which, Instant now) {
        synchronized (events) {
            for (EventState event : events) {
                EventRecording snapshot = event.snapshot(cameraId);
                if (which.test(snapshot)) {
                    if (event.stopRequested == null) {
                        event.stopRequested = now;
                        enqueue(new StopEvent(event));
                    }
                    return Optional.of(event.snapshot(cameraId));
                }
            }
            return Optional.empty();
        }
    }

    List<EventRecording> eventRecordings() {
        synchronized (events) {
            return events.stream().map(e -> e.snapshot(cameraId)).toList();
        }
    }

    // ---- control, from the engine ----

    /**
     * Stops recording: the open segment is finished and every event recording ends.
     *
     * @param cause the gap that begins now ({@link GapCause#SERVER_STOPPED} when the server shuts down), or
     *              {@code null} when recording is not expected any more (device removed), which ends any gap
     * @return completes when the segment is finished
     */
    CompletableFuture<Void> finish(GapCause cause) {
        CompletableFuture<Void> finishing = new CompletableFuture<>();
        synchronized (events) {
            closing = true;
        }
        enqueue(new Finish(cause, finishing));
        return finishing;
    }

    /** Drops the open segment like a killed process would; tests of crash recovery only. */
    CompletableFuture<Void> crash() {
        CompletableFuture<Void> crashing = new CompletableFuture<>();
        enqueue(new Crash(crashing));
        return crashing;
    }

    /**
     * The camera's schedule turned continuous recording on or off. A segment is cut at the next keyframe,
     * so a schedule's end is recorded up to the end of the GOP in progress.
     */
    void continuousChanged(boolean on) {
        synchronized (events) {
            if (on == continuousWanted) {
                return;
            }
            continuousWanted = on;
            enqueue(new ContinuousChanged(on));
        }
    }

    /** The storage stopped taking data: finish the segment and open a gap. */
    void storageLost(GapCause cause, String reason) {
        enqueue(new StorageLost(cause, reason));
    }

    Storage storage() {
        return storage;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    RecordingStatus status(StorageStatus storageStatus) {
        boolean now = recording;
        long since = sinceMicros;
        return new RecordingStatus(cameraId, now, now ? writingType : null,
                since == Long.MIN_VALUE ? null : Micros.toInstant(since), now ? null : currentGap, storageStatus,
                message);
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
            } else if (item instanceof StartEvent start) {
                onStartEvent(start.event());
            } else if (item instanceof StopEvent stop) {
                onStopEvent(stop.event());
            } else if (item instanceof ResumeEvent resume) {
                resume.event().stopPts = RUNNING;
            } else if (item instanceof Finish finish) {
                onFinish(finish.cause());
                finish.done().complete(null);
            } else if (item instanceof Crash crash) {
                onCrash();
                crash.done().complete(null);
            } else if (item instanceof LoadGap) {
                loadOpenGap();
            } else if (item instanceof ContinuousChanged changed) {
                onContinuousChanged(changed.on());
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
            recordedUntil = engine.index().recordedUntil(cameraId);
        } catch (SQLException e) {
            logger.warn("Camera {}: end of its recordings not readable: {}", cameraId, e.toString());
        }
        try {
            Optional<RecordingIndex.GapRow> open = engine.index().openGap(cameraId);
            if (open.isEmpty()) {
                return;
            }
            if (!continuous) {
                // Left by a run that recorded this camera continuously, or by event recordings that did not
                // survive a restart: nothing is expected from here on, so the gap ends now.
                engine.index().closeGaps(cameraId, Math.max(open.get().startMicros(), engine.nowMicros()));
                return;
            }
            gap = new Gap(open.get().startMicros(), open.get().cause());
            currentGap = gap.cause();
            sinceMicros = gap.startMicros();
        } catch (SQLException e) {
            logger.warn("Camera {}: open gap not readable: {}", cameraId, e.toString());
        }
    }

    /** Whether video is expected now, so that its absence is a gap. */
    private boolean expected() {
        if (continuous) {
            return true;
        }
        synchronized (events) {
            return events.stream().anyMatch(e -> e.begun && !e.ended);
        }
    }

    private List<EventState> liveEvents() {
        synchronized (events) {
            return events.stream().filter(e -> e.begun && !e.ended).toList();
        }
    }

    /** Manual before rule before motion before continuous, where recordings overlap. */
    private static int rank(RecordingType type) {
        return switch (type) {
            case MANUAL -> 4;
            case RULE -> 3;
            case MOTION -> 2;
            case CONTINUOUS -> 1;
            default -> 0;
        };
    }

    /** The type the camera should be recorded with now, {@code null} for none. */
    private RecordingType wantedType() {
        RecordingType wanted = continuous ? RecordingType.CONTINUOUS : null;
        for (EventState event : liveEvents()) {
            if (wanted == null || rank(event.type) > rank(wanted)) {
                wanted = event.type;
            }
        }
        return wanted;
    }

    private void onStarted(List<CodecParameters> next) {
        if (!sameStreams(streams, next)) {
            if (segment != null) {
                // New codec parameters need a new file header; the next keyframe starts it.
                finishSegment(Long.MIN_VALUE);
            }
            if (prebuffer != null) {
                prebuffer.clear();
            }
        }
        streams = next;
        streamDown = false;
        lastVideoPts = Long.MIN_VALUE;
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
        if (packet.ptsMicros() < recordedUntil && recordedUntil - packet.ptsMicros() <= MAX_REPLAY_MICROS) {
            return;
        }
        lastPts = Math.max(lastPts, packet.ptsMicros());
        if (prebuffer != null) {
            prebuffer.add(packet, isCutPoint(packet, videoIndex));
        }
        record(packet);
    }

    /** Writes a packet, from the stream or from the prebuffer; at keyframes it decides type and cuts. */
    private void record(MediaPacket packet) {
        boolean video = packet.streamIndex() == videoIndex;
        boolean samePicture = video && lastVideoPts != Long.MIN_VALUE
                && Math.abs(packet.ptsMicros() - lastVideoPts) < SAME_PICTURE_MICROS;
        if (video) {
            lastVideoPts = packet.ptsMicros();
        }
        if (isCutPoint(packet, videoIndex) && !samePicture) {
            long t = packet.ptsMicros();
            expireEvents(t);
            RecordingType wanted = wantedType();
            if (segment != null) {
                if (wanted == null) {
                    RecordingType ended = segment.type;
                    finishSegment(t);
                    stoppedWriting();
                    if (ended == RecordingType.CONTINUOUS) {
                        engine.publish(EventTopics.RECORDING_STOPPED, event(RecordingType.CONTINUOUS, null, null,
                                "Recording stopped: " + OUTSIDE_SCHEDULE));
                    }
                    // Kept subscribed only to reach this keyframe: the feeder may let the stream go now.
                    engine.demandChanged(cameraId);
                } else if (wanted != segment.type || forceCut || t - segment.startMicros >= segmentMicros) {
                    finishSegment(t);
                    openSegment(t, wanted);
                } else {
                    flushGop(t);
                }
            } else if (wanted != null) {
                openSegment(t, wanted);
            }
            // A switch announced for this keyframe has happened or is moot now.
            pendingType = null;
            forceCut = false;
            if (segment == null) {
                return;
            }
            rememberKeyframe(t);
        } else if (segment == null) {
            return;
        }
        hold(packet);
    }

    private void rememberKeyframe(long t) {
        recentKeyframes.addLast(t);
        // Keep the newest keyframe at or before one prebuffer ago, and everything after it.
        while (recentKeyframes.size() > 1) {
            var it = recentKeyframes.iterator();
            it.next();
            if (it.next() > t - maxPrebufferMicros) {
                break;
            }
            recentKeyframes.removeFirst();
        }
    }

    /** The written keyframe at or before an instant, or the oldest one kept; {@code MIN_VALUE} for none. */
    private long keyframeAtOrBefore(long micros) {
        long found = Long.MIN_VALUE;
        for (long keyframe : recentKeyframes) {
            if (found == Long.MIN_VALUE || keyframe <= micros) {
                found = keyframe;
            }
            if (keyframe > micros) {
                break;
            }
        }
        return found;
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

    private void openSegment(long startMicros, RecordingType type) {
        long typeFrom = pendingType == type && pendingFrom < startMicros
                ? Math.max(pendingFrom, startMicros - SegmentFiles.MAX_TYPE_REACH_MICROS) : startMicros;
        pendingType = null;
        forceCut = false;
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
        if (Files.exists(file)) {
            // Written before, by the recorder this one replaces (a restarted engine is fed the same keyframe
            // again from the camera's GOP ring): its index row must stay as it was committed.
            logger.warn("Camera {}: {} exists already; waiting for the next keyframe", cameraId, path);
            return;
        }
        SegmentState state = new SegmentState(cameraId, deviceId, storage.id(), path, file, startMicros, type,
                typeFrom, directories);
        try {
            engine.index().insertOpen(state);
        } catch (SQLException e) {
            // The file is the record; the sync batch inserts the row once the database answers again.
            logger.error("Camera {}: segment {} not yet in the index: {}", cameraId, path, e.toString());
        }
        Map<String, String> tags = tags(startMicros, type, typeFrom, storage.id());
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
            engine.publish(EventTopics.RECORDING_ERROR, event(type, null, GapCause.ERROR, text));
        }
        int slots = streams.stream().mapToInt(CodecParameters::index).max().orElse(0) + 1;
        segment = new OpenSegment(writer, state, slots);
        writingType = type;
        for (EventState event : liveEvents()) {
            if (rank(event.type) <= rank(type)) {
                event.covered = true;
            }
        }
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
            if (continuous) {
                engine.publish(EventTopics.RECORDING_STARTED, event(RecordingType.CONTINUOUS, null, null, ""));
            }
            sinceMicros = startMicros;
            message = "";
            recording = true;
        }
    }

    private Map<String, String> tags(long startMicros, RecordingType type, long typeFromMicros, String storageId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(SegmentFiles.TAG_CAMERA, cameraId);
        tags.put(SegmentFiles.TAG_DEVICE, deviceId);
        tags.put(SegmentFiles.TAG_START, Micros.iso(startMicros));
        tags.put(SegmentFiles.TAG_TYPE, type.name());
        if (typeFromMicros < startMicros) {
            tags.put(SegmentFiles.TAG_TYPE_FROM, Micros.iso(typeFromMicros));
        }
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
     * @param cutMicros the keyframe that starts the next segment, or {@link Long#MIN_VALUE} when the stream
     *                  breaks there, which also ends the run of keyframes a prebuffer may reach back over
     */
    private void finishSegment(long cutMicros) {
        if (cutMicros == Long.MIN_VALUE) {
            recentKeyframes.clear();
            pendingType = null;
        }
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

    /** Nothing is to be recorded any more, which for a camera without continuous recording is no gap. */
    private void stoppedWriting() {
        recentKeyframes.clear();
        pendingType = null;
        recording = false;
        writingType = null;
        sinceMicros = Long.MIN_VALUE;
        message = scheduled && !continuous ? OUTSIDE_SCHEDULE : "not recording";
    }

    private void onContinuousChanged(boolean on) {
        if (continuous == on) {
            return;
        }
        continuous = on;
        if (on) {
            if (streamDown && gap == null) {
                startGap(GapCause.CAMERA_LOST, engine.nowMicros(), "The camera is not sending", true);
            } else if (!recording && gap == null) {
                message = "waiting for the first keyframe";
            }
        } else if (segment == null) {
            // Nothing is being written: a gap that is open ends here, since video is not expected any more.
            if (!expected()) {
                closeGap(engine.nowMicros());
            }
            if (!recording) {
                message = OUTSIDE_SCHEDULE;
            }
        }
    }

    private void writeFailed(IOException e) {
        logger.error("Camera {}: writing failed: {}", cameraId, e.toString());
        Storage.State state = engine.storageProblem(storage, e);
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
        recentKeyframes.clear();
        pendingType = null;
        startGap(cause, lastEndMicros != Long.MIN_VALUE ? lastEndMicros : engine.nowMicros(), reason, true);
    }

    private void startGap(GapCause cause, long startMicros, String reason, boolean error) {
        boolean wasRecording = recording;
        boolean opened = gap == null;
        if (opened) {
            gap = new Gap(startMicros, cause);
            try {
                engine.index().openGap(cameraId, startMicros, cause);
            } catch (SQLException e) {
                logger.error("Camera {}: gap not stored: {}", cameraId, e.toString());
            }
        }
        if (wasRecording && continuous) {
            engine.publish(EventTopics.RECORDING_STOPPED, event(RecordingType.CONTINUOUS, null, cause, reason));
        }
        if (error && cause != reported) {
            reported = cause;
            engine.publish(EventTopics.RECORDING_ERROR, event(wantedTypeOrContinuous(), null, cause, reason));
        }
        // The status follows the events, so whoever sees the gap there finds its events published.
        recording = false;
        writingType = null;
        message = reason;
        if (opened) {
            currentGap = cause;
            sinceMicros = startMicros;
        }
    }

    private RecordingType wantedTypeOrContinuous() {
        RecordingType wanted = wantedType();
        return wanted == null ? RecordingType.CONTINUOUS : wanted;
    }

    /** Ends the open gap: recording is not expected from {@code atMicros} on. */
    private void closeGap(long atMicros) {
        if (gap == null) {
            return;
        }
        try {
            engine.index().closeGaps(cameraId, atMicros);
        } catch (SQLException e) {
            logger.error("Camera {}: gap end not stored: {}", cameraId, e.toString());
        }
        gap = null;
        currentGap = null;
    }

    private void onStopped(String reason) {
        finishSegment(Long.MIN_VALUE);
        streamDown = true;
        // A reconnected camera may start its clock anew; postbuffers must be measured on the new one.
        lastPts = Long.MIN_VALUE;
        if (prebuffer != null) {
            prebuffer.clear();
        }
        long lost = lastEndMicros != Long.MIN_VALUE ? lastEndMicros : engine.nowMicros();
        // A stopped recording whose postbuffer runs has nothing left to record.
        for (EventState event : liveEvents()) {
            if (event.stopPts != RUNNING) {
                endEvent(event, GapCause.CAMERA_LOST, lost);
            }
        }
        String text = reason.isEmpty() ? "The camera stopped sending" : "The camera stopped sending: " + reason;
        if (expected()) {
            startGap(GapCause.CAMERA_LOST, lost, text, true);
        } else {
            if (recording) {
                // The segment a schedule's end was waiting to cut is finished by the stop instead.
                stoppedWriting();
            }
            message = text;
        }
    }

    private void onOverflow(long atMicros) {
        finishSegment(Long.MIN_VALUE);
        if (prebuffer != null) {
            prebuffer.clear();
        }
        if (expected()) {
            startGap(GapCause.OVERLOAD, lastEndMicros != Long.MIN_VALUE ? lastEndMicros : atMicros,
                    "The recorder could not keep up; packets are refused until the next keyframe", true);
        }
    }

    private void onStorageLost(GapCause cause, String reason) {
        if (segment == null) {
            return;
        }
        finishSegment(Long.MIN_VALUE);
        startGap(cause, lastEndMicros, reason, true);
    }

    // ---- event recordings, in the drain task ----

    private void onStartEvent(EventState event) {
        if (event.ended) {
            return;
        }
        event.begun = true;
        engine.publish(EventTopics.RECORDING_STARTED, event(event.type, event.id, null, ""));
        long prebufferMicros = event.prebuffer.toNanos() / 1000;
        if (lastPts != Long.MIN_VALUE) {
            long from = lastPts - prebufferMicros;
            if (segment != null) {
                event.covered = rank(event.type) <= rank(segment.type);
                markTypeFrom(event.type, keyframeAtOrBefore(from));
            } else if (prebuffer != null && !streamDown) {
                // Written like the live stream, so segments are cut and typed the same way.
                for (MediaPacket packet : prebuffer.from(from, lastEndMicros)) {
                    record(packet);
                }
            }
        }
        if (streamDown && gap == null) {
            startGap(GapCause.CAMERA_LOST, engine.nowMicros(), "The camera is not sending", true);
        }
    }

    /**
     * The written stream reaches back to {@code keyframe} without a break: if the event's type takes over
     * at the next keyframe, the timeline shows that type from there, and the new segment says so.
     */
    private void markTypeFrom(RecordingType type, long keyframe) {
        if (keyframe == Long.MIN_VALUE) {
            return;
        }
        if (rank(type) > rank(segment.type)) {
            if (pendingType == null || rank(type) > rank(pendingType)) {
                pendingType = type;
                pendingFrom = keyframe;
            } else if (pendingType == type) {
                pendingFrom = Math.min(pendingFrom, keyframe);
            }
        } else if (type == segment.type && keyframe < segment.typeFromMicros) {
            // Already recorded with this type, but the new prebuffer reaches further back: a new segment at
            // the next keyframe states the earlier start.
            pendingType = type;
            pendingFrom = keyframe;
            forceCut = true;
        }
    }

    private void onStopEvent(EventState event) {
        if (event.ended) {
            return;
        }
        if (lastPts == Long.MIN_VALUE || streamDown) {
            // No stream to take a postbuffer from.
            endEvent(event, null, engine.nowMicros());
            return;
        }
        event.stopPts = lastPts;
    }

    /**
     * Ends the event recordings whose postbuffer is over at this keyframe. One that has not had a segment
     * of its type yet, being shorter than a GOP, gets this GOP, so every event recording shows on the
     * timeline.
     */
    private void expireEvents(long keyframeMicros) {
        for (EventState event : liveEvents()) {
            if (event.stopPts == RUNNING || !event.covered && segment != null) {
                continue;
            }
            long postbuffer;
            synchronized (events) {
                postbuffer = event.postbuffer.toNanos() / 1000;
            }
            if (keyframeMicros >= event.stopPts + postbuffer) {
                endEvent(event, null, keyframeMicros);
            }
        }
    }

    private void endEvent(EventState event, GapCause cause, long atMicros) {
        synchronized (events) {
            if (event.ended) {
                return;
            }
            event.ended = true;
            events.remove(event);
        }
        if (event.begun) {
            engine.publish(EventTopics.RECORDING_STOPPED, event(event.type, event.id, cause, cause == null
                    ? "Recording stopped" : "Recording stopped: " + cause));
        }
        if (!expected()) {
            closeGap(atMicros);
        }
        engine.demandChanged(cameraId);
    }

    private void onFinish(GapCause cause) {
        finishSegment(Long.MIN_VALUE);
        long end = lastEndMicros != Long.MIN_VALUE ? lastEndMicros : engine.nowMicros();
        List<EventState> all;
        synchronized (events) {
            all = List.copyOf(events);
        }
        for (EventState event : all) {
            endEvent(event, cause, end);
        }
        if (cause != null && continuous) {
            startGap(cause, end, "Recording stopped: " + cause, false);
        } else {
            closeGap(engine.nowMicros());
            if (recording && continuous) {
                engine.publish(EventTopics.RECORDING_STOPPED, event(RecordingType.CONTINUOUS, null, null,
                        "Recording stopped"));
            }
            recording = false;
            writingType = null;
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
        synchronized (events) {
            finished = true;
            events.forEach(e -> e.ended = true);
            events.clear();
        }
        recording = false;
        done.complete(null);
        engine.finished(this);
    }

    private Map<String, Object> event(RecordingType type, String recordingId, GapCause cause, String text) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.CAMERA_ID, cameraId);
        properties.put(EventProperties.DEVICE_ID, deviceId);
        properties.put(EventProperties.RECORDING_TYPE, type.name());
        if (recordingId != null) {
            properties.put(EventProperties.RECORDING_ID, recordingId);
        }
        if (cause != null) {
            properties.put(EventProperties.CAUSE, cause.name());
        }
        if (storage.id() != null) {
            properties.put(EventProperties.STORAGE_ID, storage.id());
        }
        properties.put(EventProperties.MESSAGE, text);
        return properties;
    }
}
