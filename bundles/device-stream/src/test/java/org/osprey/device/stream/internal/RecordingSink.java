package org.osprey.device.stream.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.PacketSink;

/** A sink that keeps what it receives and notices overlapping calls. */
final class RecordingSink implements PacketSink {

    final List<List<CodecParameters>> starts = new CopyOnWriteArrayList<>();
    final List<MediaPacket> packets = new CopyOnWriteArrayList<>();
    final List<String> stops = new CopyOnWriteArrayList<>();
    /** Packets received since the last start; cleared by a start. */
    final List<MediaPacket> sinceStart = new CopyOnWriteArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    volatile boolean overlapped;

    @Override
    public void streamStarted(List<CodecParameters> streams) {
        enter();
        starts.add(streams);
        sinceStart.clear();
        leave();
    }

    @Override
    public void packet(MediaPacket packet) {
        enter();
        packets.add(packet);
        sinceStart.add(packet);
        leave();
    }

    @Override
    public void streamStopped(String reason) {
        enter();
        stops.add(reason);
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

    /** The parameters of the latest start. */
    List<CodecParameters> streams() {
        return starts.isEmpty() ? List.of() : starts.get(starts.size() - 1);
    }

    /** The index of the first stream of the given kind in the latest start, or -1. */
    int index(MediaKind kind) {
        return streams().stream().filter(s -> s.kind() == kind).mapToInt(CodecParameters::index).findFirst().orElse(-1);
    }

    /** Packets of one stream since the latest start. */
    List<MediaPacket> packets(int streamIndex) {
        return sinceStart.stream().filter(p -> p.streamIndex() == streamIndex).toList();
    }

    long keyframes(int streamIndex) {
        return packets(streamIndex).stream().filter(MediaPacket::keyframe).count();
    }
}
