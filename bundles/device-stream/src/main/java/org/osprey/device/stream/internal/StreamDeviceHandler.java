package org.osprey.device.stream.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.osprey.api.device.CameraDescriptor;
import org.osprey.api.device.DeviceCapabilities;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.device.StreamDescriptor;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.device.stream.internal.rtsp.RtspClient;
import org.osprey.device.stream.internal.rtsp.RtspReceiver;
import org.osprey.sdk.support.UpstreamDeviceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera reached by a stream URL: keeps one connection open, fans its packets out to every
 * subscriber, and reconnects with back-off when it fails.
 *
 * <p>RTSP over TCP in the codecs the own client reads is set up on the I/O pool and then read without
 * blocking by the driver's {@link RtspReceiver}, which serves every such camera from one thread. Anything
 * else is read by FFmpeg, which blocks, so it runs on the pool in slices of about a second, each of which
 * schedules the next: a pool with fewer threads than cameras still serves every camera in turn. The
 * connection is the handler's upstream: only slices touch it, and whoever ends the slice in which the
 * handler was disposed closes it, so a dispose never waits for a blocked read and never frees a
 * connection in use.
 */
final class StreamDeviceHandler extends UpstreamDeviceHandler<MediaConnection> {

    private static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Losses are reported at most this often per camera, so a lossy network does not flood the log. */
    private static final long LOSS_REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * Set to {@code ffmpeg} (a system property, etc/system.properties) to read every RTSP camera through
     * FFmpeg, as before the platform had its own RTSP client.
     */
    static final String CLIENT_PROPERTY = "org.osprey.device.stream.rtspClient";

    private final Logger logger = LoggerFactory.getLogger(StreamDeviceHandler.class);
    private final StreamSettings settings;
    private final LongSupplier clock;
    private final Backoff backoff = new Backoff();
    private volatile DeviceCapabilities capabilities;
    /** In slices only: whether packets arrived on the current connection. */
    private boolean receiving;
    /** In slices only: the camera sends media only FFmpeg reads. */
    private boolean ffmpegOnly;
    /** In slices only: the frame rate the capabilities give. */
    private double describedFrameRate;
    /** In slices only: RTP packets lost on the current connection, as last logged. */
    private long loggedLost;
    /** In slices only: when RTP losses were last looked at. */
    private long lossCheckNanos;
    /** What reads the current or last connection: {@code rtsp} (the own client) or {@code ffmpeg}. */
    private volatile String reader = "";
    private final RtspReceiver receiver;
    private final ScheduledExecutorService ioPool;

    StreamDeviceHandler(DeviceContext context, StreamSettings settings, RtspReceiver receiver) {
        this(context, settings, receiver, UpstreamDeviceHandler::wallClockMicros);
    }

    StreamDeviceHandler(DeviceContext context, StreamSettings settings, RtspReceiver receiver, LongSupplier clock) {
        super(context, settings.profile().name().toLowerCase(Locale.ROOT));
        this.settings = settings;
        this.clock = clock;
        this.receiver = receiver;
        this.ioPool = context.scheduler();
        this.capabilities = describe("", 0, 0, 0, false);
    }

    @Override
    public DeviceCapabilities capabilities() {
        return capabilities;
    }

    @Override
    protected void connect() {
        runSlice(this::attempt);
    }

    /** In a slice. */
    private void attempt() {
        try {
            MediaConnection opened = open();
            reader = opened instanceof RtspClient ? "rtsp" : "ffmpeg";
            receiving = false;
            loggedLost = 0;
            describedFrameRate = opened.frameRate();
            capabilities = describe(opened.streams(), describedFrameRate);
            startReading(opened, opened.streams());
            if (opened instanceof RtspClient client) {
                receive(client);
            } else {
                later(this::read, Duration.ZERO);
            }
        } catch (OpenException e) {
            DeviceStatus status = e.unauthorized() ? DeviceStatus.ENTER_PASSWORD : DeviceStatus.NOT_ACCESSIBLE;
            retryLater(status, "Cannot open " + settings.url() + ": " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // Not a network problem: FFmpeg itself is missing or broken in this installation.
            logger.error("Device {}: FFmpeg failed to open a stream", device().id(), e);
            retryLater(DeviceStatus.NOT_ACCESSIBLE, "FFmpeg failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Plain RTSP over TCP is read by the platform's own client, whole pictures at a fraction of FFmpeg's
     * cost; RTSPS, UDP, HTTP M-JPEG and media that client does not read (M-JPEG over RTSP, other audio
     * codecs) stay with FFmpeg. In a slice.
     */
    private MediaConnection open() throws OpenException {
        if (!ffmpegOnly && settings.url().scheme().equals("rtsp") && settings.transport() == StreamSettings.Transport.TCP
                && !"ffmpeg".equalsIgnoreCase(System.getProperty(CLIENT_PROPERTY, ""))) {
            try {
                return RtspClient.open(settings.url().normalized(), settings.username(), settings.password(),
                        settings.timeout(), clock);
            } catch (RtspClient.UnsupportedStreamException e) {
                ffmpegOnly = true;
                logger.debug("Device {}: {} sends {}, read through FFmpeg", device().id(), settings.url(),
                        e.getMessage());
            }
        }
        return StreamConnection.open(settings, clock);
    }

    /** In a slice: the receiver reads the client from now on, without blocking a thread. */
    private void receive(RtspClient client) {
        try {
            receiver.attach(client, new RtspReceiver.Listener() {
                @Override
                public void packet(MediaPacket packet) {
                    received(client, packet);
                }

                @Override
                public void ended(String reason) {
                    receiverEnded(client, reason);
                }
            }, ioPool);
        } catch (IOException e) {
            lost(e.getMessage());
        }
    }

    /** On the receiver's thread: must not wait, so a finished connection's packets are dropped outside a slice. */
    private void received(RtspClient client, MediaPacket packet) {
        if (upstream() != client) {
            return;
        }
        runSlice(() -> {
            if (upstream() == client) {
                deliver(packet);
                long now = System.nanoTime();
                if (now - lossCheckNanos > LOSS_REPORT_NANOS) {
                    lossCheckNanos = now;
                    logLosses(client);
                }
            }
        });
    }

    private void receiverEnded(RtspClient client, String reason) {
        if (upstream() != client) {
            return;
        }
        runSlice(() -> {
            if (upstream() == client) {
                lost(reason);
            }
        });
    }

    /** What read the latest connection: {@code rtsp} for the own client, {@code ffmpeg}, or empty before any. */
    String reader() {
        return reader;
    }

    /** In a slice. */
    private void read() {
        MediaConnection connection = upstream();
        if (connection == null || connection instanceof RtspClient) {
            // Nothing to read here: the receiver reads the own client.
            return;
        }
        try {
            readSlice(connection);
        } catch (RuntimeException e) {
            logger.error("Device {}: reading {} failed", device().id(), settings.url(), e);
            lost("internal error " + e.getClass().getSimpleName());
        }
    }

    /** In a slice. */
    private void readSlice(MediaConnection connection) {
        long deadline = System.nanoTime() + SLICE_NANOS;
        while (!isDisposed()) {
            MediaPacket packet;
            try {
                packet = connection.next();
            } catch (IOException e) {
                lost("read failed: " + e.getMessage());
                return;
            }
            if (packet == null) {
                lost("the stream ended or stopped sending");
                return;
            }
            deliver(packet);
            if (System.nanoTime() - deadline > 0) {
                logLosses(connection);
                later(this::read, Duration.ZERO);
                return;
            }
        }
    }

    /** In a slice. */
    private void deliver(MediaPacket packet) {
        if (!receiving) {
            receiving = true;
            backoff.reset();
            updateStatus(DeviceStatus.OK, "");
            logger.debug("Device {}: receiving {} ({})", device().id(), settings.url(), reader);
        }
        fanOut().packet(streamId(), packet);
        MediaConnection connection = upstream();
        if (connection.frameRate() != describedFrameRate) {
            // Measured from the first pictures when the stream does not declare it.
            describedFrameRate = connection.frameRate();
            capabilities = describe(connection.streams(), describedFrameRate);
        }
    }

    /** In a slice. */
    private void logLosses(MediaConnection connection) {
        long lost = connection.packetsLost();
        if (lost > loggedLost) {
            // Lost packets are pictures that cannot be decoded until the next keyframe: worth an operator's eye.
            logger.warn("Device {}: {} RTP packets lost ({} on this connection): the network or the camera drops video",
                    device().id(), lost - loggedLost, lost);
            loggedLost = lost;
        }
    }

    /** In a slice. */
    private void lost(String reason) {
        stopReading("connection lost: " + reason);
        retryLater(DeviceStatus.NOT_ACCESSIBLE, "Connection to " + settings.url() + " lost: " + reason);
    }

    /** In a slice. The message names the URL without credentials, and the delay stays out of it so that retries
     * do not publish a status event each. */
    private void retryLater(DeviceStatus status, String message) {
        Duration delay = backoff.next();
        logger.debug("Device {}: {}; retrying in {} s", device().id(), message, delay.toSeconds());
        updateStatus(status, message);
        later(this::attempt, delay);
    }

    /** In a slice. */
    private void later(Runnable slice, Duration delay) {
        scheduleSlice(slice, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void release(MediaConnection connection) {
        logLosses(connection);
        if (connection instanceof RtspClient client) {
            // Torn down on the receiver's thread, which may be reading it right now.
            receiver.detach(client);
        } else {
            connection.close();
        }
        receiving = false;
    }

    private DeviceCapabilities describe(List<CodecParameters> streams, double frameRate) {
        boolean audio = streams.stream().anyMatch(s -> s.kind() == MediaKind.AUDIO);
        return streams.stream().filter(s -> s.kind() == MediaKind.VIDEO).findFirst()
                .map(video -> describe(video.codec(), video.width(), video.height(), frameRate, audio))
                .orElseGet(() -> describe("", 0, 0, 0, audio));
    }

    private DeviceCapabilities describe(String codec, int width, int height, double frameRate, boolean audio) {
        StreamDescriptor stream = new StreamDescriptor(streamId(), settings.profile(), codec, width, height, frameRate);
        CameraDescriptor camera = new CameraDescriptor(device().id(), 1, device().name(), List.of(stream), audio);
        return new DeviceCapabilities(List.of(camera), false, List.of(), false, List.of(), false);
    }
}
