package org.osprey.media.http.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;

/**
 * A feed whose packets wait in a queue for the thread that writes the response. The producer's side is
 * the subclass's: with {@link #lock} held it announces the streams, queues packets, drops what is queued
 * and finishes the feed; the writer's side, waiting for packets and the end, is here.
 */
abstract class QueuedPacketFeed implements PacketFeed {

    /** Guards the queue and the subclass's state that goes with it. */
    protected final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<MediaPacket> queue = new ArrayDeque<>();
    private long queuedBytes;
    private List<CodecParameters> streams;
    private boolean finished;
    private String endReason = "";

    // ---- the producer's side, with the lock held ----

    /** With the lock held: the streams a writer starts with once a packet is queued. */
    protected final void announce(List<CodecParameters> announced) {
        streams = announced;
    }

    /** With the lock held: the announced streams, or {@code null} before any. */
    protected final List<CodecParameters> streams() {
        return streams;
    }

    /** With the lock held: queues a packet and wakes the writer. */
    protected final void enqueue(MediaPacket packet) {
        queue.add(packet);
        queuedBytes += packet.size();
        changed.signalAll();
    }

    /** With the lock held: drops everything queued. */
    protected final void dropQueued() {
        queue.clear();
        queuedBytes = 0;
    }

    /** With the lock held: the payload bytes queued. */
    protected final long queuedBytes() {
        return queuedBytes;
    }

    /** With the lock held: the packets queued. */
    protected final int queuedPackets() {
        return queue.size();
    }

    /** With the lock held: no more packets will come, for this reason; what is queued is still delivered. */
    protected final void finish(String reason) {
        if (!finished) {
            finished = true;
            endReason = reason;
            changed.signalAll();
        }
    }

    /** With the lock held: ends the feed without a reason and drops what is queued, as the writer closes it. */
    protected final void finishNow() {
        finished = true;
        dropQueued();
        changed.signalAll();
    }

    /** With the lock held: whether the feed was finished or closed. */
    protected final boolean isFinished() {
        return finished;
    }

    /** Called with the lock held after the writer took a packet. Does nothing by default. */
    protected void taken() {
    }

    // ---- the writer's side ----

    @Override
    public final List<CodecParameters> awaitStart(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            return awaitPacket(timeoutMillis) ? streams : null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final MediaPacket poll(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            if (!awaitPacket(timeoutMillis)) {
                return null;
            }
            MediaPacket packet = queue.poll();
            queuedBytes -= packet.size();
            taken();
            return packet;
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: waits until a packet is queued, the feed finishes or the time is up. */
    private boolean awaitPacket(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (queue.isEmpty() && !finished) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            changed.awaitNanos(left);
        }
        return !queue.isEmpty();
    }

    @Override
    public final boolean hasNext() {
        lock.lock();
        try {
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final boolean ended() {
        lock.lock();
        try {
            return finished && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final String endReason() {
        lock.lock();
        try {
            return endReason;
        } finally {
            lock.unlock();
        }
    }
}
