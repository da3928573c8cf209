package org.osprey.recording.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.osprey.api.media.MediaPacket;

/**
 * The last seconds of a camera's stream, in whole GOPs, for cameras that are not recorded continuously: an
 * event recording that starts now writes from the keyframe at or before its prebuffer. Bounded in time (the
 * longest prebuffer allowed) and in bytes. Only the recorder's drain task uses it.
 */
final class Prebuffer {

    /** One GOP: a keyframe and what follows it up to the next. */
    private static final class Gop {
        final long startMicros;
        final List<MediaPacket> packets = new ArrayList<>();
        long bytes;

        Gop(long startMicros) {
            this.startMicros = startMicros;
        }
    }

    private final long spanMicros;
    private final long maxBytes;
    private final ArrayDeque<Gop> gops = new ArrayDeque<>();
    private long bytes;

    Prebuffer(long spanMicros, long maxBytes) {
        this.spanMicros = spanMicros;
        this.maxBytes = maxBytes;
    }

    /**
     * Keeps a packet.
     *
     * @param cutPoint whether it is a video keyframe, where a GOP begins
     */
    void add(MediaPacket packet, boolean cutPoint) {
        if (cutPoint) {
            gops.addLast(new Gop(packet.ptsMicros()));
        } else if (gops.isEmpty()) {
            // The buffer starts at a keyframe: a recording must be decodable from its first packet.
            return;
        }
        Gop last = gops.peekLast();
        last.packets.add(packet);
        last.bytes += packet.size();
        bytes += packet.size();
        trim(packet.ptsMicros());
    }

    private void trim(long newestMicros) {
        // Keep the latest GOP that starts at or before the span, so the whole span stays covered.
        while (gops.size() > 1) {
            Iterator<Gop> it = gops.iterator();
            it.next();
            if (it.next().startMicros > newestMicros - spanMicros) {
                break;
            }
            bytes -= gops.removeFirst().bytes;
        }
        while (bytes > maxBytes && !gops.isEmpty()) {
            // Over the memory bound, even the GOP in progress goes; collecting resumes at the next keyframe.
            bytes -= gops.removeFirst().bytes;
        }
    }

    /**
     * The packets from the keyframe at or before {@code fromMicros}, or from the oldest kept when the
     * buffer does not reach back that far, never from a keyframe before {@code notBeforeMicros}.
     */
    List<MediaPacket> from(long fromMicros, long notBeforeMicros) {
        Gop first = null;
        for (Gop gop : gops) {
            if (gop.startMicros < notBeforeMicros) {
                continue;
            }
            if (first == null || gop.startMicros <= fromMicros) {
                first = gop;
            }
            if (gop.startMicros > fromMicros) {
                break;
            }
        }
        List<MediaPacket> packets = new ArrayList<>();
        boolean copying = false;
        for (Gop gop : gops) {
            copying |= gop == first;
            if (copying) {
                packets.addAll(gop.packets);
            }
        }
        return packets;
    }

    /** The stream broke or changed: what is kept no longer joins what comes. */
    void clear() {
        gops.clear();
        bytes = 0;
    }

    long bytes() {
        return bytes;
    }
}
