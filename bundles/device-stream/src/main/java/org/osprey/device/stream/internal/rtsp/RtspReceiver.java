package org.osprey.device.stream.internal.rtsp;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.osprey.api.media.MediaPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every playing RTSP camera of a driver without blocking, from one selector: a single long task on
 * the platform's I/O pool instead of a blocked thread per camera. The task runs in slices that queue
 * themselves again, so the pool's other work is never held up, and ends when the last camera leaves,
 * so an idle driver holds no thread.
 *
 * <p>Listeners are called on the receiver's thread and must return quickly; they never see a client
 * after its {@link Listener#ended}. Attaching and detaching are thread safe; a detached client is torn
 * down (TEARDOWN, close) on the receiver's thread, so no read is ever cut in half.
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

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** How long the task keeps its thread before it queues itself again behind the pool's other work. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Logger logger = LoggerFactory.getLogger(RtspReceiver.class);
    private final Queue<Runnable> changes = new ConcurrentLinkedQueue<>();
    private final Object state = new Object();
    /** Guarded by {@link #state}. */
    private Selector selector;
    /** Guarded by {@link #state}. */
    private boolean running;
    /** Guarded by {@link #state}. */
    private boolean closed;
    private long lastTick;
    /** Guarded by {@link #state}: the pool the task last ran on. */
    private Executor executor;

    /**
     * Starts reading a client that has just started playing.
     *
     * @param executor where the receiver's task runs when it is not running yet: the I/O pool
     * @throws IOException when no selector can be opened or the receiver is closed
     */
    public void attach(RtspClient client, Listener listener, Executor executor) throws IOException {
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
                    executor.execute(this::run);
                } catch (RejectedExecutionException e) {
                    running = false;
                    changes.clear();
                    throw new IOException("the I/O pool is shutting down");
                }
            } else {
                selector.wakeup();
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
            selector.wakeup();
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

    private void run() {
        long sliceEnd = System.nanoTime() + SLICE_NANOS;
        try {
            while (true) {
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
                selector.select(TimeUnit.NANOSECONDS.toMillis(TICK_NANOS));
                for (SelectionKey key : selector.selectedKeys()) {
                    read(key);
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - lastTick >= TICK_NANOS) {
                    lastTick = now;
                    tick(now);
                }
                if (now - sliceEnd > 0 && yieldThread()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            logger.error("The RTSP receiver failed; its cameras reconnect", e);
            List<SelectionKey> keys;
            boolean again;
            Executor pool;
            synchronized (state) {
                keys = List.copyOf(selector.keys());
                again = !closed && !changes.isEmpty();
                running = again;
                pool = executor;
            }
            // Outside the lock: listeners take their handler's lock, which may be waiting for this one.
            for (SelectionKey key : keys) {
                if (key.isValid()) {
                    end(key, "receiver failed");
                }
            }
            if (again) {
                try {
                    pool.execute(this::run);
                } catch (RejectedExecutionException shuttingDown) {
                    synchronized (state) {
                        running = false;
                    }
                }
            }
        }
    }

    /**
     * Gives the pool's thread back for a moment, as the pool's other tasks (delivering to subscribers
     * among them) must not wait for the receiver on a pool with few threads.
     *
     * @return whether the task continues later as a new task
     */
    private boolean yieldThread() {
        Executor pool;
        synchronized (state) {
            pool = executor;
        }
        try {
            pool.execute(this::run);
            return true;
        } catch (RejectedExecutionException e) {
            // The pool is shutting down: keep the thread until the driver closes the receiver.
            return false;
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

    /** Closes every client still attached, without telling their listeners. */
    @Override
    public void close() {
        synchronized (state) {
            closed = true;
            if (selector != null) {
                if (running) {
                    selector.wakeup();
                } else {
                    shutDown();
                }
            }
        }
    }
}
