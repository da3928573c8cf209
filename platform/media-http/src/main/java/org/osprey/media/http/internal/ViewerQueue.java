package org.osprey.media.http.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;

/**
 * The live packets waiting for one viewer. The camera's thread offers and never waits: when the viewer
 * falls so far behind that the bound is reached, everything queued is dropped and delivery goes on at the
 * next video keyframe, so the viewer skips ahead instead of slowing the camera or seeing broken pictures.
 * Drops are counted for the stream's log.
 */
final class ViewerQueue implements PacketFeed {

    /** What was dropped since the last report. */
    record Drops(long packets, long bytes, int episodes) {
    }

    private final long maxBytes;
    private final int maxPackets;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<MediaPacket> queue = new ArrayDeque<>();
    private long bytes;
    private List<CodecParameters> streams;
    private int videoIndex = -1;
    /** Until the next video keyframe nothing is queued: at the start, and after a drop. */
    private boolean awaitingKeyframe = true;
    /** Whether the wait for a keyframe is because of a drop, so what is skipped counts as dropped. */
    private boolean dropping;
    /** The newest video packet offered, so a keyframe's further slices are not taken for a new picture. */
    private MediaPacket lastVideo;
    private boolean ended;
    private String endReason = "";
    private long droppedPackets;
    private long droppedBytes;
    private int dropEpisodes;

    /**
     * @param maxBytes   payload bytes a viewer may fall behind before packets are dropped
     * @param maxPackets packets a viewer may fall behind, which bounds the overhead of many small ones
     */
    ViewerQueue(long maxBytes, int maxPackets) {
        this.maxBytes = maxBytes;
        this.maxPackets = maxPackets;
    }

    // ---- the camera's side: called by the relay, never blocks ----

    /** The stream starts with these streams and, when the relay has it, the current GOP. */
    void start(List<CodecParameters> streams, List<MediaPacket> gop) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            this.streams = List.copyOf(streams);
            videoIndex = streams.stream().filter(s -> s.kind() == MediaKind.VIDEO).mapToInt(CodecParameters::index)
                    .findFirst().orElse(-1);
            queue.clear();
            bytes = 0;
            awaitingKeyframe = true;
            dropping = false;
            lastVideo = null;
            gop.forEach(this::add);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One live packet. */
    void offer(MediaPacket packet) {
        lock.lock();
        try {
            if (ended || streams == null) {
                return;
            }
            if (!awaitingKeyframe && (bytes + packet.size() > maxBytes || queue.size() >= maxPackets)) {
                droppedPackets += queue.size();
                droppedBytes += bytes;
                dropEpisodes++;
                queue.clear();
                bytes = 0;
                awaitingKeyframe = true;
                dropping = true;
            }
            if (awaitingKeyframe && !startsPicture(packet)) {
                if (dropping) {
                    droppedPackets++;
                    droppedBytes += packet.size();
                }
                remember(packet);
                return;
            }
            add(packet);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No more packets will come; what is queued is still delivered. */
    void end(String reason) {
        lock.lock();
        try {
            if (!ended) {
                ended = true;
                endReason = reason;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void add(MediaPacket packet) {
        if (awaitingKeyframe) {
            if (!startsPicture(packet)) {
                return;
            }
            awaitingKeyframe = false;
            dropping = false;
        }
        queue.add(packet);
        bytes += packet.size();
        remember(packet);
    }

    private void remember(MediaPacket packet) {
        if (packet.streamIndex() == videoIndex) {
            lastVideo = packet;
        }
    }

    /** A video keyframe that begins a picture, not a further slice of one already seen. */
    private boolean startsPicture(MediaPacket packet) {
        return packet.keyframe() && packet.streamIndex() == videoIndex
                && (lastVideo == null || !AccessUnits.samePicture(lastVideo, packet));
    }

    // ---- the viewer's side ----

    @Override
    public List<CodecParameters> awaitStart(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (queue.isEmpty() && !ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(left);
            }
            return queue.isEmpty() ? null : streams;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public MediaPacket poll(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (queue.isEmpty() && !ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(left);
            }
            MediaPacket packet = queue.poll();
            if (packet != null) {
                bytes -= packet.size();
            }
            return packet;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean ended() {
        lock.lock();
        try {
            return ended && queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String endReason() {
        lock.lock();
        try {
            return endReason;
        } finally {
            lock.unlock();
        }
    }

    /** What was dropped since the last call, or {@code null} when nothing was. */
    Drops takeDrops() {
        lock.lock();
        try {
            if (dropEpisodes == 0) {
                return null;
            }
            Drops drops = new Drops(droppedPackets, droppedBytes, dropEpisodes);
            droppedPackets = 0;
            droppedBytes = 0;
            dropEpisodes = 0;
            return drops;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            ended = true;
            queue.clear();
            bytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
