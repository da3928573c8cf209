package org.osprey.device.stream.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.MediaSource;
import org.osprey.api.media.MediaSubscription;
import org.osprey.api.media.PacketSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every packet of the one upstream connection to each subscribed sink. A sink that joins while
 * the stream runs gets {@link PacketSink#streamStarted} at once and its first video packet at the next
 * keyframe, so it can decode from its first packet on.
 *
 * <p>All calls into sinks happen under one lock, which keeps each sink's calls sequential and ordered
 * whether they come from the reading thread or from a subscriber's own thread; sinks are required to
 * return quickly, so the lock is never held long.
 */
final class PacketFanOut implements MediaSource {

    private final Logger logger = LoggerFactory.getLogger(PacketFanOut.class);
    private final String streamId;
    private final Object lock = new Object();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private List<CodecParameters> current;

    /** @param streamId the id of the one stream this source serves */
    PacketFanOut(String streamId) {
        this.streamId = streamId;
    }

    @Override
    public MediaSubscription subscribe(String streamId, PacketSink sink) {
        if (!this.streamId.equals(streamId)) {
            throw new IllegalArgumentException("Unknown stream " + streamId + "; this device has " + this.streamId);
        }
        Subscriber subscriber = new Subscriber(sink);
        synchronized (lock) {
            subscribers.add(subscriber);
            if (current != null) {
                subscriber.start(current);
            }
        }
        return () -> {
            synchronized (lock) {
                subscribers.remove(subscriber);
            }
        };
    }

    /** How many sinks are subscribed. */
    int subscriberCount() {
        return subscribers.size();
    }

    /** A connection opened with these streams; packets follow. */
    void started(List<CodecParameters> streams) {
        synchronized (lock) {
            current = List.copyOf(streams);
            for (Subscriber subscriber : subscribers) {
                subscriber.start(current);
            }
        }
    }

    /** One packet of the open connection. */
    void packet(MediaPacket packet) {
        synchronized (lock) {
            for (Subscriber subscriber : subscribers) {
                subscriber.offer(packet);
            }
        }
    }

    /** The connection ended; nothing happens when none was open. */
    void stopped(String reason) {
        synchronized (lock) {
            if (current == null) {
                return;
            }
            current = null;
            for (Subscriber subscriber : subscribers) {
                subscriber.stop(reason);
            }
        }
    }

    /** One sink and where it stands in the stream; guarded by the fan-out's lock. */
    private final class Subscriber {
        private final PacketSink sink;
        private List<CodecParameters> streams;
        /** Per stream index: whether packets flow to this sink yet. */
        private boolean[] open;
        private boolean videoOpen;
        private boolean hasVideo;

        Subscriber(PacketSink sink) {
            this.sink = sink;
        }

        void start(List<CodecParameters> streams) {
            this.streams = streams;
            int size = 0;
            hasVideo = false;
            for (CodecParameters stream : streams) {
                size = Math.max(size, stream.index() + 1);
                hasVideo |= stream.kind() == MediaKind.VIDEO;
            }
            open = new boolean[size];
            videoOpen = false;
            call(() -> sink.streamStarted(streams));
        }

        void offer(MediaPacket packet) {
            if (streams == null) {
                return;
            }
            int index = packet.streamIndex();
            if (index >= open.length) {
                return;
            }
            if (!open[index]) {
                if (!mayOpen(index, packet)) {
                    return;
                }
                open[index] = true;
            }
            call(() -> sink.packet(packet));
        }

        /**
         * A video stream opens at its first keyframe; everything else waits for the first video
         * keyframe, so audio never starts before the picture does.
         */
        private boolean mayOpen(int index, MediaPacket packet) {
            if (!hasVideo) {
                return packet.keyframe();
            }
            if (kind(index) == MediaKind.VIDEO) {
                if (packet.keyframe()) {
                    videoOpen = true;
                    return true;
                }
                return false;
            }
            return videoOpen;
        }

        private MediaKind kind(int index) {
            for (CodecParameters stream : streams) {
                if (stream.index() == index) {
                    return stream.kind();
                }
            }
            return MediaKind.METADATA;
        }

        void stop(String reason) {
            if (streams == null) {
                return;
            }
            streams = null;
            call(() -> sink.streamStopped(reason));
        }

        private void call(Runnable delivery) {
            try {
                delivery.run();
            } catch (RuntimeException e) {
                // A sink that throws is broken; it must not stop the stream for the others.
                logger.error("Packet sink {} of stream {} failed and is unsubscribed", sink, streamId, e);
                subscribers.remove(this);
                streams = null;
            }
        }
    }
}
