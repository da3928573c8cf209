package org.osprey.sdk.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.PacketSink;

/** A sink that keeps what it receives, in order, and notices overlapping calls. */
class CollectingSink implements PacketSink {

    final List<List<CodecParameters>> starts = new CopyOnWriteArrayList<>();
    final List<MediaPacket> packets = new CopyOnWriteArrayList<>();
    final List<String> stops = new CopyOnWriteArrayList<>();
    /** Every call in order: "start", "stop:reason" or the packet. */
    final List<Object> calls = new CopyOnWriteArrayList<>();
    /** Packets received since the last start; cleared by a start. */
    final List<MediaPacket> sinceStart = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    volatile boolean overlapped;

    @Override
    public void streamStarted(List<CodecParameters> streams) {
        enter();
        starts.add(streams);
        sinceStart.clear();
        calls.add("start");
        leave();
    }

    @Override
    public void packet(MediaPacket packet) {
        enter();
        packets.add(packet);
        sinceStart.add(packet);
        calls.add(packet);
        leave();
    }

    @Override
    public void streamStopped(String reason) {
        enter();
        stops.add(reason);
        calls.add("stop:" + reason);
        leave();
    }

    private void enter() {
        if (inside.incrementAndGet() != 1) {
            overlapped = true;
        }
    }

    private void leave() {
        inside.decrementAndGet();
    }
}
