package org.osprey.device.simulator.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.PacketSink;

/** Keeps what a camera sends, with the wall-clock time each packet arrived. */
final class PacketCollector implements PacketSink {

    final List<List<CodecParameters>> starts = new CopyOnWriteArrayList<>();
    final List<MediaPacket> packets = new CopyOnWriteArrayList<>();
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    final List<String> stops = new CopyOnWriteArrayList<>();

    @Override
    public void streamStarted(List<CodecParameters> streams) {
        starts.add(streams);
    }

    @Override
    public void packet(MediaPacket packet) {
        packets.add(packet);
        arrivals.add(SimulatorHandler.wallClockMicros());
    }

    @Override
    public void streamStopped(String reason) {
        stops.add(reason);
    }
}
