package org.osprey.media.http.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.RecordingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorded packets of a camera from a keyframe on, following from segment file to segment file and,
 * when it reaches the segment being written, following that as it grows. Files are read on the I/O pool
 * in slices, at most a bounded amount ahead of the writer, so the client's reading paces the reading of
 * the disk and no pool thread ever waits for the client.
 */
final class PlaybackFeed extends QueuedPacketFeed {

    /** Later segments are looked for in growing windows, so a gap costs few queries and none returns much. */
    private static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(15), Duration.ofHours(2),
            Duration.ofDays(1), Duration.ofDays(7));
    private static final int SLICE_PACKETS = 256;

    private enum Step {
        /** Go on reading. */
        MORE,
        /** Nothing to read yet: the recording has to grow first. */
        WAIT,
        /** No packet will come any more. */
        END
    }

    private final Logger logger = LoggerFactory.getLogger(PlaybackFeed.class);
    private final RecordingService recordings;
    private final String cameraId;
    private final long startMicros;
    private final long endMicros;
    private final ScheduledExecutorService io;
    private final Clock clock;
    private final long aheadBytes;
    private final long waitMillis;
    private final long followMillis;

    // Reader state: only the running slice touches it, and slices never overlap.
    private RecordingSegment segment;
    private SegmentReader reader;
    private List<CodecParameters> streams;
    private boolean started;
    /** Cluster of the newest keyframe sent from the current file, where reading resumes when it is reopened. */
    private long resumePosition = -1;
    private long resumeKeyframe;
    /** File position of the newest packet sent from the current file. */
    private long sentPosition = -1;
    /** After the file is opened again, packets up to here were sent already. */
    private long skipThrough = -1;
    private long newestPts = Long.MIN_VALUE;
    private String pendingEnd;

    // Shared with the writing thread, guarded by the lock.
    private boolean scheduled;
    private boolean running;

    /**
     * @param first        the segment holding the start keyframe
     * @param startMicros  the keyframe to start at; what comes before it in the file is skipped
     * @param endMicros    where to stop, {@link Long#MAX_VALUE} for no end
     * @param aheadBytes   how much is read ahead of the writer at most
     * @param waitMillis   how long to wait before looking again when the recording has to grow
     * @param followMillis how long after the newest recorded packet the recording is still expected to grow
     */
    PlaybackFeed(RecordingService recordings, String cameraId, RecordingSegment first, long startMicros,
            long endMicros, ScheduledExecutorService io, Clock clock, long aheadBytes, long waitMillis,
            long followMillis) {
        this.recordings = recordings;
        this.cameraId = cameraId;
        this.segment = first;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
        this.io = io;
        this.clock = clock;
        this.aheadBytes = aheadBytes;
        this.waitMillis = waitMillis;
        this.followMillis = followMillis;
    }

    /** Starts reading. */
    void start() {
        lock.lock();
        try {
            schedule(0);
        } finally {
            lock.unlock();
        }
    }

    // ---- the writer's side ----

    /** Reads on once half the read-ahead is taken, so the writer rarely finds the buffer empty. */
    @Override
    protected void taken() {
        if (queuedBytes() < aheadBytes / 2 && !scheduled && !running && !isFinished()) {
            schedule(0);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            finishNow();
            // A slice that runs or is about to run releases the reader itself.
            if (!running) {
                closeReader();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- the reading side: slices on the I/O pool ----

    /** Called with the lock held. */
    private void schedule(long delayMillis) {
        scheduled = true;
        if (delayMillis == 0) {
            io.execute(this::slice);
        } else {
            io.schedule(this::slice, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void slice() {
        lock.lock();
        try {
            scheduled = false;
            if (isFinished()) {
                closeReader();
                return;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        Step step = Step.MORE;
        String failure = null;
        try {
            for (int n = 0; n < SLICE_PACKETS && step == Step.MORE && room(); n++) {
                step = step();
            }
        } catch (IOException | RuntimeException e) {
            step = Step.END;
            failure = "the recording could not be read: " + e.getMessage();
            logger.warn("Playback of camera {} stops: {}", cameraId, failure);
        }
        lock.lock();
        try {
            running = false;
            if (isFinished()) {
                // Closed while the slice ran.
                closeReader();
                return;
            }
            switch (step) {
                case MORE -> {
                    if (queuedBytes() < aheadBytes) {
                        schedule(0);
                    }
                }
                case WAIT -> schedule(waitMillis);
                case END -> {
                    closeReader();
                    finish(failure != null ? failure : pendingEnd);
                }
                default -> throw new IllegalStateException(step.name());
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean room() {
        lock.lock();
        try {
            return queuedBytes() < aheadBytes && !isFinished();
        } finally {
            lock.unlock();
        }
    }

    private Step step() throws IOException {
        if (reader == null) {
            return open();
        }
        SegmentReader.Read read = reader.read();
        // In a file being written only what the index calls safely on disk is read: beyond it a cluster may
        // be half written.
        if (read == null || (segment.open() && read.packet().ptsMicros() >= Micros.of(segment.end()))) {
            closeReader();
            return advance();
        }
        MediaPacket packet = read.packet();
        if (read.position() >= 0 && read.position() <= skipThrough) {
            return Step.MORE;
        }
        if (!started) {
            if (packet.ptsMicros() < startMicros || !isVideoKeyframe(packet)) {
                return Step.MORE;
            }
            started = true;
        }
        if (packet.dtsMicros() >= endMicros) {
            return end("playback reached the end asked for");
        }
        sentPosition = Math.max(sentPosition, read.position());
        if (read.resumePosition() > 0) {
            resumePosition = read.resumePosition();
            resumeKeyframe = packet.ptsMicros();
        }
        newestPts = Math.max(newestPts, packet.ptsMicros());
        publish(packet);
        return Step.MORE;
    }

    private Step open() throws IOException {
        reader = SegmentReader.open(SegmentFiles.locate(recordings, segment));
        if (streams == null) {
            streams = reader.streams();
            if (streams.stream().noneMatch(s -> s.kind() == MediaKind.VIDEO)) {
                throw new IOException("segment " + segment.path() + " holds no video");
            }
            lock.lock();
            try {
                announce(streams);
            } finally {
                lock.unlock();
            }
        } else if (!sameStreams(streams, reader.streams())) {
            // One MP4 cannot change its codec configuration midway; the client asks again from here.
            return end("the camera's stream changed at " + segment.start() + "; play from there");
        }
        skipThrough = sentPosition;
        if (resumePosition > 0) {
            reader.seekToCluster(resumePosition, resumeKeyframe);
        } else if (!started) {
            reader.seekToKeyframe(startMicros);
        }
        return Step.MORE;
    }

    /** The current file is read to its end: go on in it as it grew, in the next segment, or wait. */
    private Step advance() {
        RecordingSegment current = segment;
        Instant now = clock.instant();
        Instant from = Micros.toInstant(Math.max(newestPts, Micros.of(current.start())));
        RecordingSegment same = null;
        RecordingSegment next = null;
        for (Duration window : WINDOWS) {
            Instant to = from.plus(window);
            for (RecordingSegment s : recordings.segments(cameraId, from, to)) {
                if (s.id() == current.id()) {
                    same = s;
                } else if (s.start().isAfter(current.start()) && (next == null || s.start().isBefore(next.start()))) {
                    next = s;
                }
            }
            if (next != null || to.isAfter(now)) {
                break;
            }
        }
        if (same != null && (same.end().isAfter(current.end()) || (current.open() && !same.open()))) {
            segment = same;
            return Step.MORE;
        }
        if (next != null) {
            segment = next;
            resumePosition = -1;
            sentPosition = -1;
            return Step.MORE;
        }
        Instant newest = same != null ? same.end() : current.end();
        if (Duration.between(newest, now).toMillis() < followMillis) {
            return Step.WAIT;
        }
        return end("the recording ends at " + newest);
    }

    private Step end(String reason) {
        pendingEnd = reason;
        return Step.END;
    }

    private void publish(MediaPacket packet) {
        lock.lock();
        try {
            enqueue(packet);
        } finally {
            lock.unlock();
        }
    }

    private boolean isVideoKeyframe(MediaPacket packet) {
        return packet.keyframe() && streams.stream()
                .anyMatch(s -> s.index() == packet.streamIndex() && s.kind() == MediaKind.VIDEO);
    }

    private void closeReader() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    static boolean sameStreams(List<CodecParameters> a, List<CodecParameters> b) {
        if (a.size() != b.size()) {
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
}
