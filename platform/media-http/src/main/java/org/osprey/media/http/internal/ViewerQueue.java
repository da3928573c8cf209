package org.osprey.media.http.internal;

import java.util.List;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;

/**
 * The live packets waiting for one viewer. The camera's thread offers and never waits: when the viewer
 * falls so far behind that the bound is reached, everything queued is dropped and delivery goes on at the
 * next video keyframe, so the viewer skips ahead instead of slowing the camera or seeing broken pictures.
 * Drops are counted for the stream's log.
 */
final class ViewerQueue extends QueuedPacketFeed {

    /** What was dropped since the last report. */
    record Drops(long packets, long bytes, int episodes) {
    }

    private final long maxBytes;
    private final int maxPackets;
    /** Guarded by {@link #lock}, as everything below. */
    private int videoIndex = -1;
    /** Until the next video keyframe nothing is queued: at the start, and after a drop. */
    private boolean awaitingKeyframe = true;
    /** Whether the wait for a keyframe is because of a drop, so what is skipped counts as dropped. */
    private boolean dropping;
    /** The newest video packet offered, so a keyframe's further slices are not taken for a new picture. */
    private MediaPacket lastVideo;
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
            if (isFinished()) {
                return;
            }
            announce(List.copyOf(streams));
            videoIndex = streams.stream().filter(s -> s.kind() == MediaKind.VIDEO).mapToInt(CodecParameters::index)
                    .findFirst().orElse(-1);
            dropQueued();
            awaitingKeyframe = true;
            dropping = false;
            lastVideo = null;
            gop.forEach(this::add);
        } finally {
            lock.unlock();
        }
    }

    /** One live packet. */
    void offer(MediaPacket packet) {
        lock.lock();
        try {
            if (isFinished() || streams() == null) {
                return;
            }
            if (!awaitingKeyframe && (queuedBytes() + packet.size() > maxBytes || queuedPackets() >= maxPackets)) {
                droppedPackets += queuedPackets();
                droppedBytes += queuedBytes();
                dropEpisodes++;
                dropQueued();
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
        } finally {
            lock.unlock();
        }
    }

    /** No more packets will come; what is queued is still delivered. */
    void end(String reason) {
        lock.lock();
        try {
            finish(reason);
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
        enqueue(packet);
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
            finishNow();
        } finally {
            lock.unlock();
        }
    }
}
