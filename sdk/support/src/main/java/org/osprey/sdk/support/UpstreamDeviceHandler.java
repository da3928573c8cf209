package org.osprey.sdk.support;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device handler that reads one upstream (a camera connection, a file, an encoder) in slices on the
 * platform scheduler and hands what it reads to a {@link StreamFanOut} of one stream, its
 * {@link #mediaSource()}.
 *
 * <p><b>Slices.</b> Work on the upstream runs in {@link #runSlice slices}, each with the handler's I/O lock
 * held, and each slice {@linkplain #scheduleSlice schedules} the next rather than looping, so a scheduler
 * with fewer threads than devices still serves every device in turn. Only the thread holding the lock
 * touches the upstream, and only a slice may {@linkplain #startReading start}, {@linkplain #replaceUpstream
 * replace} or {@linkplain #stopReading stop} reading it.
 *
 * <p><b>Disposal.</b> {@link #dispose()} never waits for a slice: when no slice runs, the disposing thread
 * closes the upstream at once; otherwise the slice's thread does as it releases the lock. So a dispose
 * never waits for a blocked read and never frees an upstream in use. Either way the stream stops with
 * the reason {@value #DEVICE_STOPPED}. When the platform's scheduler refuses the next slice (it shuts down
 * ahead of the handler) the upstream is closed too, with the reason {@value #SERVER_STOPPING}.
 *
 * @param <U> what is read; {@link #release} closes it
 * @since 1.2
 */
@ConsumerType
public abstract class UpstreamDeviceHandler<U> extends BaseDeviceHandler {

    /** Why the stream stopped when the handler was disposed. */
    public static final String DEVICE_STOPPED = "device stopped";
    /** Why the stream stopped when the scheduler refused the next slice. */
    public static final String SERVER_STOPPING = "server stopping";

    private final Logger logger = LoggerFactory.getLogger(UpstreamDeviceHandler.class);
    private final ReentrantLock io = new ReentrantLock();
    private final String streamId;
    private final StreamFanOut fanOut;
    /** Written in slices; volatile so that {@link #upstream()} may be compared outside one. */
    private volatile U upstream;

    /**
     * @param context  what the platform gave the driver for this device
     * @param streamId the id of the one stream the fan-out serves, as in the device's capabilities
     */
    protected UpstreamDeviceHandler(DeviceContext context, String streamId) {
        super(context);
        this.streamId = Objects.requireNonNull(streamId, "streamId");
        this.fanOut = new StreamFanOut(context.scheduler(), List.of(streamId));
    }

    /** The current time on the wall clock in microseconds since the epoch, as live packets carry it. */
    public static long wallClockMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** The fan-out of the stream read from the upstream. */
    @Override
    public final Optional<MediaSource> mediaSource() {
        return Optional.of(fanOut);
    }

    /**
     * The fan-out, for what goes beyond reading the upstream: packets, subscriber counts, or a stream
     * stopped and started again while the upstream stays open.
     */
    protected final StreamFanOut fanOut() {
        return fanOut;
    }

    /** The id of the fan-out's one stream. */
    protected final String streamId() {
        return streamId;
    }

    /**
     * The upstream being read, or {@code null}. Outside a slice it may be read only to compare, such as
     * to drop what a callback delivers for an upstream that is no longer read.
     */
    protected final U upstream() {
        return upstream;
    }

    /**
     * Runs a slice with the I/O lock held, on the calling thread, unless the handler is disposed; when the
     * handler was disposed meanwhile, the upstream is closed afterwards. Slices may nest.
     */
    protected final void runSlice(Runnable slice) {
        io.lock();
        try {
            if (!isDisposed()) {
                slice.run();
            }
        } finally {
            io.unlock();
            closeIfDisposed();
        }
    }

    /**
     * Runs a slice after a delay on the scheduler; it is cancelled on dispose. When the scheduler refuses
     * it, nothing more would run, so the upstream is closed with {@value #SERVER_STOPPING}.
     */
    protected final void scheduleSlice(Runnable slice, long delay, TimeUnit unit) {
        try {
            schedule(() -> runSlice(slice), delay, unit);
        } catch (RejectedExecutionException e) {
            logger.debug("Device {}: the scheduler refused the next slice, closing the upstream", device().id());
            runSlice(() -> stopReading(SERVER_STOPPING));
        }
    }

    /**
     * In a slice: reads this upstream from now on, and starts the stream with its layout, so consumers
     * start over. An upstream still open is released first.
     *
     * @throws IllegalStateException outside a slice
     */
    protected final void startReading(U next, List<CodecParameters> streams) {
        replace(Objects.requireNonNull(next, "next"));
        fanOut.started(streamId, streams);
    }

    /**
     * In a slice: reads this upstream in place of the open one, which is released, while the stream goes
     * on without a restart: for an upstream opened again with the same layout.
     *
     * @throws IllegalStateException outside a slice
     */
    protected final void replaceUpstream(U next) {
        replace(Objects.requireNonNull(next, "next"));
    }

    /**
     * In a slice: releases the upstream, if one is open, and stops the stream, so consumers are told
     * the reason. Does nothing when no upstream is open.
     *
     * @throws IllegalStateException outside a slice
     */
    protected final void stopReading(String reason) {
        if (replace(null) != null) {
            fanOut.stopped(streamId, reason);
        }
    }

    private U replace(U next) {
        if (!io.isHeldByCurrentThread()) {
            throw new IllegalStateException("only a slice may change what is read");
        }
        U previous = upstream;
        upstream = next;
        if (previous != null && previous != next) {
            release(previous);
        }
        return previous;
    }

    /**
     * Closes an upstream that is no longer read, with the I/O lock held; the place to reset what belongs
     * to it. Must not throw.
     */
    protected abstract void release(U upstream);

    /**
     * Called once when the handler is disposed, on the disposing thread, after its jobs were cancelled and
     * before the upstream is closed; must return quickly. Does nothing by default.
     */
    protected void onDispose() {
    }

    @Override
    protected final void disconnect() {
        onDispose();
        closeIfDisposed();
    }

    /** Closes the upstream unless a slice holds the lock, in which case that slice closes it as it ends. */
    private void closeIfDisposed() {
        if (isDisposed() && !io.isHeldByCurrentThread() && io.tryLock()) {
            try {
                stopReading(DEVICE_STOPPED);
            } finally {
                io.unlock();
            }
        }
    }
}
