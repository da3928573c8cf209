package org.osprey.sdk.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.osprey.api.media.MediaPacket;

/**
 * The recent packets of one stream in whole GOPs: every group starts at a keyframe of the stream's
 * first video stream, so whatever is handed out can be decoded from its first packet on. It keeps the
 * GOP in progress plus as many complete GOPs as the retention asks for, and never more bytes than its
 * budget.
 *
 * <p>Not thread safe: the owning stream guards it.
 */
final class GopRing {

    /**
     * Without video every audio packet can start decoding; grouping them into spans of this length keeps
     * the bookkeeping per group rather than per packet.
     */
    static final long AUDIO_GROUP_MICROS = 1_000_000;

    private static final class Gop {
        final long startMicros;
        final List<MediaPacket> packets = new ArrayList<>();
        long bytes;

        Gop(long startMicros) {
            this.startMicros = startMicros;
        }
    }

    private final long minDurationMicros;
    private final int minCompleteGops;
    private final long maxBytes;
    private final ArrayDeque<Gop> gops = new ArrayDeque<>();
    /** The stream whose keyframes start a GOP, -1 when the source has no video. */
    private int keyStream = -1;
    private long bytes;
    private long newestMicros = Long.MIN_VALUE;

    /**
     * @param minDurationMicros how far back the kept GOPs reach at least, from the newest packet
     * @param minCompleteGops   how many complete GOPs are kept at least, besides the one in progress
     * @param maxBytes          payload budget; the oldest GOPs go first when it is exceeded
     */
    GopRing(long minDurationMicros, int minCompleteGops, long maxBytes) {
        this.minDurationMicros = minDurationMicros;
        this.minCompleteGops = minCompleteGops;
        this.maxBytes = maxBytes;
    }

    /** Forgets everything; packets of the new stream layout follow. */
    void reset(int keyStream) {
        this.keyStream = keyStream;
        gops.clear();
        bytes = 0;
        newestMicros = Long.MIN_VALUE;
    }

    /** Keeps a packet; a packet before the first keyframe is not kept, since nothing could decode it. */
    void add(MediaPacket packet) {
        if (startsGop(packet)) {
            gops.addLast(new Gop(packet.ptsMicros()));
        } else if (gops.isEmpty()) {
            return;
        }
        Gop gop = gops.getLast();
        gop.packets.add(packet);
        gop.bytes += packet.size();
        bytes += packet.size();
        newestMicros = Math.max(newestMicros, packet.ptsMicros());
        trim();
    }

    private boolean startsGop(MediaPacket packet) {
        if (!packet.keyframe()) {
            return false;
        }
        if (keyStream >= 0) {
            return packet.streamIndex() == keyStream;
        }
        return gops.isEmpty() || packet.ptsMicros() - gops.getLast().startMicros >= AUDIO_GROUP_MICROS;
    }

    private void trim() {
        while (gops.size() > 1) {
            Iterator<Gop> iterator = gops.iterator();
            Gop oldest = iterator.next();
            Gop next = iterator.next();
            // The last GOP is the one in progress, so gops.size() - 2 complete ones remain without the oldest.
            boolean enoughWithout = gops.size() - 2 >= minCompleteGops
                    && newestMicros - next.startMicros >= minDurationMicros;
            if (!enoughWithout && bytes <= maxBytes) {
                return;
            }
            gops.removeFirst();
            bytes -= oldest.bytes;
        }
        if (bytes > maxBytes) {
            // A single GOP beyond the budget (a camera that hardly sends keyframes): keeping part of it
            // would be undecodable, keeping all of it unbounded. Start again at the next keyframe.
            gops.clear();
            bytes = 0;
        }
    }

    /** The GOP in progress from its keyframe, empty when there is none yet. */
    List<MediaPacket> currentGop() {
        return gops.isEmpty() ? List.of() : List.copyOf(gops.getLast().packets);
    }

    /**
     * Every kept packet from the keyframe at or before the given time on; from the oldest keyframe when
     * the time lies before everything kept.
     *
     * @param micros presentation time, microseconds since the epoch
     */
    List<MediaPacket> since(long micros) {
        List<MediaPacket> result = new ArrayList<>();
        boolean collecting = false;
        Gop from = gops.peekFirst();
        for (Gop gop : gops) {
            if (gop.startMicros <= micros) {
                from = gop;
            }
        }
        for (Gop gop : gops) {
            collecting |= gop == from;
            if (collecting) {
                result.addAll(gop.packets);
            }
        }
        return result;
    }

    /** Payload bytes kept. */
    long bytes() {
        return bytes;
    }

    /** GOPs kept, the one in progress included. */
    int gops() {
        return gops.size();
    }
}
