package org.osprey.device.stream.internal.rtsp;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osprey.api.media.MediaPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every playing RTSP camera of a driver without blocking, from one selector, in rounds on the
 * platform's I/O pool instead of a blocked thread per camera. A round reads whatever every camera sent
 * since the last one and hands the thread back; the next round follows {@value #ROUND_MILLIS} ms after
 * the last began. Waiting between rounds rather than waking for each arrival lets data gather in the
 * sockets: a picture or more per read, and one look at the selector per round for all cameras instead
 * of one per arrival, which is most of what receiving costs besides copying the bytes. Live video is
 * late by at most one round for it. An idle driver holds no thread and schedules no rounds.
 *
 * <p>Listeners are called on the round's thread and must return quickly; they never see a client
 * after its {@link Listener#ended}. Attaching and detaching are thread safe and take effect at the next
 * round; a detached client is torn down (TEARDOWN, close) on a round's thread, so no read is ever cut
 * in half.
 */
public final class RtspReceiver implements AutoCloseable {

    /** Receives one camera's stream. */
    public interface Listener {
        /** An access unit. */
        void packet(MediaPacket packet);

        /**
         * The stream ended: the camera closed it, failed or stayed silent longer than the timeout. The
         * client is closed already.
         */
        void ended(String reason);
    }

    /** How often the cameras are read: short against a camera's own latency, long against its frame interval. */
    static final long ROUND_MILLIS = 20;
    private static final long ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(ROUND_MILLIS);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Logger logger = LoggerFactory.getLogger(RtspReceiver.class);
    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private final Object state = new Object();
    /** Guarded by {@link #state}. */
    private Selector selector;
    /** Guarded by {@link #state}: rounds are scheduled. */
    private boolean running;
    /** Guarded by {@link #state}. */
    private boolean closed;
    private long lastTick;
    /** Guarded by {@link #state}: the pool the rounds run on. */
    private ScheduledExecutorService executor;

    /**
     * Starts reading a client that has just started playing.
     *
     * @param executor where the rounds run when they are not running yet: the I/O pool
     * @throws IOException when no selector can be opened or the receiver is closed
     */
    public void attach(RtspClient client, Listener listener, ScheduledExecutorService executor) throws IOException {
        synchronized (state) {
            if (closed) {
                throw new IOException("the receiver is closed");
            }
            if (selector == null) {
                selector = Selector.open();
            }
            changes.add(() -> register(client, listener));
            this.executor = executor;
            if (!running) {
                running = true;
                try {
                    executor.execute(this::round);
                } catch (RejectedExecutionException e) {
                    running = false;
                    changes.clear();
                    throw new IOException("the I/O pool is shutting down");
                }
            }
        }
    }

    /** Stops reading a client and closes it; its listener hears nothing more. Does not block. */
    public void detach(RtspClient client) {
        synchronized (state) {
            if (!running) {
                client.close();
                return;
            }
            changes.add(() -> {
                for (SelectionKey key : selector.keys()) {
                    if (key.attachment() instanceof Reading reading && reading.client == client) {
                        key.cancel();
                    }
                }
                client.close();
            });
        }
    }

    private record Reading(RtspClient client, Listener listener) {
    }

    private void register(RtspClient client, Listener listener) {
        try {
            SelectionKey key = client.nonBlockingChannel().register(selector, SelectionKey.OP_READ,
                    new Reading(client, listener));
            // Whatever arrived with the PLAY answer is already parsed; hand it over now.
            drain((Reading) key.attachment());
        } catch (IOException | RuntimeException e) {
            client.close();
            listener.ended("cannot read: " + e.getClass().getSimpleName());
        }
    }

    private void round() {
        long began = System.nanoTime();
        try {
            Runnable change;
            while ((change = changes.poll()) != null) {
                change.run();
            }
            synchronized (state) {
                if (closed || selector.keys().isEmpty() && changes.isEmpty()) {
                    if (closed) {
                        shutDown();
                    }
                    running = false;
                    return;
                }
            }
            selector.selectNow();
            for (SelectionKey key : selector.selectedKeys()) {
                read(key);
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            if (now - lastTick >= TICK_NANOS) {
                lastTick = now;
                tick(now);
            }
            next(Math.max(0, ROUND_NANOS - (System.nanoTime() - began)));
        } catch (IOException | RuntimeException e) {
            logger.error("The RTSP receiver failed; its cameras reconnect", e);
            List<SelectionKey> keys;
            boolean again;
            synchronized (state) {
                keys = List.copyOf(selector.keys());
                again = !closed && !changes.isEmpty();
            }
            // Outside the lock: listeners take their handler's lock, which may be waiting for this one.
            for (SelectionKey key : keys) {
                if (key.isValid()) {
                    end(key, "receiver failed");
                }
            }
            if (again) {
                next(0);
            } else {
                synchronized (state) {
                    running = false;
                }
            }
        }
    }

    /** Schedules the next round, or keeps none when the pool is shutting down with the driver. */
    private void next(long delayNanos) {
        ScheduledExecutorService pool;
        synchronized (state) {
            pool = executor;
        }
        try {
            pool.schedule(this::round, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (state) {
                running = false;
            }
        }
    }

    private void read(SelectionKey key) {
        Reading reading = (Reading) key.attachment();
        try {
            if (!key.isValid() || !key.isReadable()) {
                return;
            }
            reading.client.readAvailable();
            drain(reading);
        } catch (EOFException e) {
            drain(reading);
            end(key, "the camera closed the connection");
        } catch (IOException e) {
            end(key, "read failed: " + e.getMessage());
        } catch (CancelledKeyException e) {
            // Detached meanwhile.
        }
    }

    private static void drain(Reading reading) {
        MediaPacket packet;
        while ((packet = reading.client.poll()) != null) {
            reading.listener.packet(packet);
        }
    }

    private void tick(long now) {
        for (SelectionKey key : selector.keys()) {
            if (!key.isValid()) {
                continue;
            }
            Reading reading = (Reading) key.attachment();
            try {
                if (!reading.client.tick(now)) {
                    end(key, "the stream stopped sending");
                }
            } catch (IOException e) {
                end(key, "write failed: " + e.getMessage());
            }
        }
    }

    private void end(SelectionKey key, String reason) {
        Reading reading = (Reading) key.attachment();
        key.cancel();
        reading.client.close();
        reading.listener.ended(reason);
    }

    /** Called on the receiver's thread with {@link #state} held. */
    private void shutDown() {
        for (SelectionKey key : selector.keys()) {
            ((Reading) key.attachment()).client.close();
            key.cancel();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
        selector = null;
    }

    /** Closes every client still attached, without telling their listeners; the next round releases them. */
    @Override
    public void close() {
        synchronized (state) {
            closed = true;
            if (selector != null && !running) {
                shutDown();
            }
        }
    }
}
