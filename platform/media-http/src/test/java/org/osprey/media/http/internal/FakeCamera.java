package org.osprey.media.http.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.MediaSource;
import org.osprey.api.media.MediaSubscription;
import org.osprey.api.media.PacketSink;

/** A device's media source driven by the test: one stream, "high", fanned out to its subscribers. */
final class FakeCamera implements MediaSource {

    final List<PacketSink> sinks = new CopyOnWriteArrayList<>();
    final AtomicInteger subscriptions = new AtomicInteger();
    private volatile List<CodecParameters> streams;

    @Override
    public synchronized MediaSubscription subscribe(String streamId, PacketSink sink) {
        if (!streamId.equals("high")) {
            throw new IllegalArgumentException("unknown stream " + streamId);
        }
        subscriptions.incrementAndGet();
        sinks.add(sink);
        if (streams != null) {
            sink.streamStarted(streams);
        }
        return () -> sinks.remove(sink);
    }

    synchronized void start(List<CodecParameters> started) {
        streams = started;
        sinks.forEach(s -> s.streamStarted(started));
    }

    synchronized void send(MediaPacket packet) {
        sinks.forEach(s -> s.packet(packet));
    }

    synchronized void stop(String reason) {
        streams = null;
        sinks.forEach(s -> s.streamStopped(reason));
    }
}
