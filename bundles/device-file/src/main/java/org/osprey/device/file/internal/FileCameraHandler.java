package org.osprey.device.file.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.bytedeco.javacv.FrameGrabber;
import org.osprey.api.device.CameraDescriptor;
import org.osprey.api.device.DeviceCapabilities;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.device.StreamDescriptor;
import org.osprey.api.device.StreamProfile;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.device.file.internal.MatroskaFile.FilePacket;
import org.osprey.sdk.support.UpstreamDeviceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prerecorded video played as a live camera: the file is read packet by packet, in a loop, and each
 * packet is handed on when its time on the wall clock has come.
 *
 * <p>Each step is a slice that reads what is due and schedules the next step for the time the next
 * packet is due, so the handler holds a scheduler thread only for the moments it reads. The open file is
 * the handler's upstream, closed by whoever ends the slice in which the handler was disposed.
 */
final class FileCameraHandler extends UpstreamDeviceHandler<MatroskaFile> {

    static final String STREAM = "high";
    /** How often a missing or unreadable file is looked for again. */
    static final long RETRY_MILLIS = 5_000;
    /** Packets this late are still sent at once; beyond that the timeline moves on instead of flooding. */
    private static final long MAX_LATE_MICROS = 2_000_000;
    /** Bounds one step, so a file of tiny packets cannot keep a scheduler thread. */
    private static final int MAX_PACKETS_PER_STEP = 500;

    private final Logger logger = LoggerFactory.getLogger(FileCameraHandler.class);
    private final VideoFolder folder;
    private final String fileName;
    private final LongSupplier clock;
    private final long retryMillis;
    private volatile DeviceCapabilities capabilities;

    /** Touched in slices only. */
    private Path path;
    private LoopTimeline timeline;
    private MediaPacket pending;
    private boolean awaitingKeyframe;
    private boolean deliveredThisLoop;
    private boolean playing;
    private List<CodecParameters> streams;

    /**
     * @param clock       the wall clock, microseconds since the epoch
     * @param retryMillis how long to wait before looking for a missing or failed file again
     */
    FileCameraHandler(DeviceContext context, VideoFolder folder, LongSupplier clock, long retryMillis) {
        super(context, STREAM);
        this.folder = folder;
        this.fileName = text(FileDeviceDriver.CFG_FILE, "");
        this.clock = clock;
        this.retryMillis = retryMillis;
        this.capabilities = describe(null, 0);
    }

    @Override
    public DeviceCapabilities capabilities() {
        return capabilities;
    }

    @Override
    protected void connect() {
        try {
            path = folder.resolve(fileName);
        } catch (IllegalArgumentException e) {
            // Only a changed configuration helps; nothing to retry.
            updateStatus(DeviceStatus.NOT_ACCESSIBLE, "Configuration refused: " + e.getMessage());
            return;
        }
        runSlice(this::open);
    }

    /** In a slice. */
    private void open() {
        try {
            if (!Files.isRegularFile(path)) {
                retryLater("The video " + fileName + " is not in " + folder);
                return;
            }
            if (!Files.isReadable(path)) {
                retryLater("The video " + fileName + " cannot be read: permission denied");
                return;
            }
            MatroskaFile file;
            try {
                file = MatroskaFile.open(path);
            } catch (MatroskaFile.OpenException e) {
                retryLater("The video " + fileName + " cannot be played: " + e.getMessage());
                return;
            }
            timeline = new LoopTimeline(clock.getAsLong());
            awaitingKeyframe = true;
            deliveredThisLoop = false;
            pending = null;
            startStreams(file);
            scheduleSlice(this::step, 0, TimeUnit.MICROSECONDS);
        } catch (RuntimeException | LinkageError e) {
            // Not the file's fault: FFmpeg itself is missing or broken in this installation.
            logger.error("Device {}: FFmpeg failed to open {}", device().id(), path, e);
            stopReading("internal error");
            retryLater("FFmpeg failed: " + e.getClass().getSimpleName());
        }
    }

    /** In a slice. */
    private void step() {
        if (file() == null) {
            return;
        }
        try {
            play();
        } catch (RuntimeException e) {
            logger.error("Device {}: playing {} failed", device().id(), path, e);
            fail("internal error " + e.getClass().getSimpleName());
        }
    }

    private MatroskaFile file() {
        return upstream();
    }

    /** In a slice: sends what is due and schedules the next step. */
    private void play() {
        long now = clock.getAsLong();
        for (int sent = 0; sent < MAX_PACKETS_PER_STEP; sent++) {
            if (pending == null && !readNext()) {
                return;
            }
            long late = now - pending.dtsMicros();
            if (late < 0) {
                break;
            }
            if (late > MAX_LATE_MICROS) {
                logger.debug("Device {}: {} ms behind, moving the timeline on", device().id(), late / 1000);
                timeline.delay(late);
                pending = shifted(pending, late);
            }
            fanOut().packet(STREAM, pending);
            pending = null;
            deliveredThisLoop = true;
            if (!playing) {
                playing = true;
                updateStatus(DeviceStatus.OK, "Playing " + fileName);
            }
        }
        long wait = pending == null ? 0 : Math.max(0, pending.dtsMicros() - clock.getAsLong());
        scheduleSlice(this::step, wait, TimeUnit.MICROSECONDS);
    }

    /**
     * In a slice: reads the next packet to send into {@link #pending}, starting the file over at its end.
     *
     * @return false when playing stopped (the file failed), in which case the next attempt is scheduled
     */
    private boolean readNext() {
        while (true) {
            FilePacket read;
            try {
                read = file().next();
            } catch (FrameGrabber.Exception e) {
                fail("read failed: " + e.getClass().getSimpleName());
                return false;
            }
            if (read == null) {
                if (!deliveredThisLoop) {
                    fail("it holds no video keyframe");
                    return false;
                }
                if (!startOver()) {
                    return false;
                }
                continue;
            }
            // Every loop begins with a picture that decodes on its own.
            if (awaitingKeyframe) {
                if (!read.keyframe() || read.stream() != file().videoStream()) {
                    continue;
                }
                awaitingKeyframe = false;
            }
            pending = timeline.map(read, file().frameInterval(read.stream()));
            return true;
        }
    }

    /** In a slice. */
    private boolean startOver() {
        deliveredThisLoop = false;
        awaitingKeyframe = true;
        timeline.nextLoop();
        if (file().rewind()) {
            return true;
        }
        // Seeking failed: open the file again, which also notices a file replaced meanwhile.
        MatroskaFile reopened;
        try {
            reopened = MatroskaFile.open(path);
        } catch (MatroskaFile.OpenException | RuntimeException e) {
            fail("it cannot be opened again: " + e.getMessage());
            return false;
        }
        if (sameLayout(streams, reopened.streams())) {
            replaceUpstream(reopened);
        } else {
            startStreams(reopened);
        }
        return true;
    }

    /** In a slice. */
    private void startStreams(MatroskaFile file) {
        streams = file.streams();
        capabilities = describe(streams, file.frameRate());
        startReading(file, streams);
    }

    /** In a slice. */
    private void fail(String reason) {
        stopReading("playing stopped: " + reason);
        retryLater("The video " + fileName + " stopped playing: " + reason);
    }

    /** In a slice. The status message stays the same between retries, so it is published once. */
    private void retryLater(String message) {
        playing = false;
        logger.debug("Device {}: {}; looking again in {} ms", device().id(), message, retryMillis);
        updateStatus(DeviceStatus.NOT_ACCESSIBLE, message);
        scheduleSlice(this::open, retryMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void release(MatroskaFile file) {
        file.close();
        pending = null;
    }

    private static MediaPacket shifted(MediaPacket packet, long micros) {
        return new MediaPacket(packet.streamIndex(), packet.ptsMicros() + micros, packet.dtsMicros() + micros,
                packet.durationMicros(), packet.keyframe(), packet.data());
    }

    /** Whether a file opened again still has the streams the consumers were started with. */
    static boolean sameLayout(List<CodecParameters> a, List<CodecParameters> b) {
        if (a == null || b == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            CodecParameters x = a.get(i);
            CodecParameters y = b.get(i);
            if (x.index() != y.index() || x.kind() != y.kind() || !x.codec().equals(y.codec())
                    || x.width() != y.width() || x.height() != y.height() || x.sampleRate() != y.sampleRate()
                    || x.channels() != y.channels() || !Arrays.equals(x.extradata(), y.extradata())) {
                return false;
            }
        }
        return true;
    }

    private DeviceCapabilities describe(List<CodecParameters> layout, double frameRate) {
        CodecParameters video = layout == null ? null
                : layout.stream().filter(s -> s.kind() == MediaKind.VIDEO).findFirst().orElse(null);
        boolean audio = layout != null
                && layout.stream().anyMatch(s -> s.kind() == MediaKind.AUDIO);
        StreamDescriptor stream = video == null
                ? new StreamDescriptor(STREAM, StreamProfile.HIGH, "", 0, 0, 0)
                : new StreamDescriptor(STREAM, StreamProfile.HIGH, video.codec(), video.width(), video.height(),
                        frameRate);
        CameraDescriptor camera = new CameraDescriptor(device().id(), 1, device().name(), List.of(stream), audio);
        return new DeviceCapabilities(List.of(camera), false, List.of(), false, List.of(), false);
    }
}
