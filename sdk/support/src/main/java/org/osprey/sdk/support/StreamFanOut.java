package org.osprey.sdk.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.MediaSource;
import org.osprey.api.media.MediaSubscription;
import org.osprey.api.media.PacketSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MediaSource} of one device: each of its streams is read once upstream and handed to every
 * subscribed {@link PacketSink}, and the recent past of each stream is kept in whole GOPs.
 *
 * <p><b>Producer.</b> The device handler reports each stream with {@link #started}, {@link #packet} and
 * {@link #stopped}. For one stream these calls come from one thread at a time, in stream order;
 * different streams may be fed from different threads.
 *
 * <p><b>Subscribers never hold up the producer.</b> Each subscription has its own queue, drained on the
 * delivery executor; the producer only appends to it. Calls into one sink come from one thread at a time
 * and in order. A sink that falls further behind than {@link Buffering#backlogBytes()} loses its
 * backlog: it gets {@link PacketSink#streamStopped} with a reason starting with {@code overload}, then
 * a new {@link PacketSink#streamStarted} and packets from the next keyframe. A slow consumer thus gets a
 * visible gap, never a stalled camera or unbounded memory. A sink that is
 * {@linkplain PacketSink#callableFromProducer() callable from the producer} is called on the producer's
 * thread whenever nothing is queued for it, and queued for like any other sink otherwise (while it
 * catches up, say).
 *
 * <p><b>First frame at once.</b> A new subscriber gets {@code streamStarted} with the current codec
 * parameters and the GOP in progress from its keyframe before {@code subscribe} returns, so a viewer
 * can show a picture immediately; live packets follow without gap or repetition. Its catch-up packets
 * carry their original, earlier timestamps.
 *
 * <p><b>Prebuffer.</b> {@link #packetsSince} and {@link #subscribe(String, PacketSink, Instant)} serve
 * the kept past from the keyframe at or before an instant, for recordings that begin before their
 * trigger.
 */
public final class StreamFanOut implements MediaSource {

    /**
     * How much of each stream's past is kept and how far a subscriber may fall behind.
     *
     * @param minDuration     the kept GOPs reach back at least this far from the newest packet
     * @param minCompleteGops at least this many complete GOPs are kept besides the one in progress
     * @param maxBytes        payload budget of one stream's kept past; the oldest GOPs go first
     * @param backlogBytes    payload one subscriber may have queued before it loses its backlog
     */
    public record Buffering(Duration minDuration, int minCompleteGops, long maxBytes, long backlogBytes) {

        /**
         * The GOP in progress only, within 16 MiB; 8 MiB backlog per subscriber. Enough for a new viewer's
         * first picture; the past of every stream of every camera is the larger part of a server's memory,
         * so a source keeps more only for a consumer that asks for a prebuffer ({@link #withMinDuration}).
         * Recorders keep their own prebuffer.
         */
        public static final Buffering DEFAULT = new Buffering(Duration.ZERO, 0, 16L << 20, 8L << 20);

        /** Checks the bounds. */
        public Buffering {
            Objects.requireNonNull(minDuration, "minDuration");
            if (minDuration.isNegative() || minCompleteGops < 0 || maxBytes <= 0 || backlogBytes <= 0) {
                throw new IllegalArgumentException("buffering bounds must be positive: " + minDuration + ", "
                        + minCompleteGops + " GOPs, " + maxBytes + " bytes, " + backlogBytes + " backlog bytes");
            }
        }

        /** A copy that keeps at least the given duration, for a longer prebuffer. */
        public Buffering withMinDuration(Duration duration) {
            return new Buffering(duration, minCompleteGops, maxBytes, backlogBytes);
        }
    }

    /** Queue entries besides packets. */
    private record Start(List<CodecParameters> streams) {
    }

    private record Stop(String reason) {
    }

    /** Items one drain delivers before it lets other work on the executor run. */
    private static final int DRAIN_BATCH = 64;
    /** Bounds the queue of tiny packets (audio) that the byte limit alone would not. */
    private static final int MAX_QUEUED_ITEMS = 4096;

    private final Logger logger = LoggerFactory.getLogger(StreamFanOut.class);
    private final Executor delivery;
    private final Buffering buffering;
    private final Map<String, Channel> channels;

    /**
     * A fan-out with the default buffering.
     *
     * @param delivery  where sinks are called; a device handler passes its context's scheduler
     * @param streamIds the device's stream ids, as in its {@link org.osprey.api.device.StreamDescriptor}s
     */
    public StreamFanOut(Executor delivery, Collection<String> streamIds) {
        this(delivery, Buffering.DEFAULT, streamIds);
    }

    /**
     * @param delivery  where sinks are called; a device handler passes its context's scheduler
     * @param buffering what is kept per stream and per subscriber
     * @param streamIds the device's stream ids, as in its {@link org.osprey.api.device.StreamDescriptor}s
     */
    public StreamFanOut(Executor delivery, Buffering buffering, Collection<String> streamIds) {
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.buffering = Objects.requireNonNull(buffering, "buffering");
        if (streamIds.isEmpty()) {
            throw new IllegalArgumentException("a media source needs at least one stream");
        }
        Map<String, Channel> map = new LinkedHashMap<>();
        for (String id : streamIds) {
            map.put(id, new Channel(id));
        }
        this.channels = Map.copyOf(map);
    }

    /** The stream ids this source serves. */
    public Set<String> streamIds() {
        return channels.keySet();
    }

    /**
     * Subscribes a sink; it gets the current GOP from its keyframe at once and live packets after it.
     *
     * @throws IllegalArgumentException when the stream id is unknown
     */
    @Override
    public MediaSubscription subscribe(String streamId, PacketSink sink) {
        return channel(streamId).subscribe(sink, null);
    }

    /**
     * Subscribes a sink that first gets the kept past from the keyframe at or before an instant (from the
     * oldest kept keyframe when the instant lies before it), then live packets, without gap or repetition.
     *
     * @param since start of the prebuffer
     * @throws IllegalArgumentException when the stream id is unknown
     */
    public MediaSubscription subscribe(String streamId, PacketSink sink, Instant since) {
        return channel(streamId).subscribe(sink, Objects.requireNonNull(since, "since"));
    }

    /**
     * The kept packets of a stream from the keyframe at or before an instant, or from the oldest kept
     * keyframe when the instant lies before it; empty while the stream has not reached a keyframe.
     *
     * @throws IllegalArgumentException when the stream id is unknown
     */
    public List<MediaPacket> packetsSince(String streamId, Instant since) {
        Channel channel = channel(streamId);
        long micros = micros(since);
        synchronized (channel) {
            return channel.ring.since(micros);
        }
    }

    /** The codec parameters of a running stream, empty while it is stopped. */
    public Optional<List<CodecParameters>> codecParameters(String streamId) {
        Channel channel = channel(streamId);
        synchronized (channel) {
            return Optional.ofNullable(channel.current);
        }
    }

    /** How many sinks a stream has; a producer may skip work nobody receives. */
    public int subscriberCount(String streamId) {
        return channel(streamId).subscribers.size();
    }

    /** Payload bytes kept of a stream's past. */
    public long bufferedBytes(String streamId) {
        Channel channel = channel(streamId);
        synchronized (channel) {
            return channel.ring.bytes();
        }
    }

    /** Producer: the stream (re)starts with these elementary streams; what was kept is dropped. */
    public void started(String streamId, List<CodecParameters> streams) {
        channel(streamId).started(List.copyOf(streams));
    }

    /** Producer: one packet; ignored while the stream is stopped. */
    public void packet(String streamId, MediaPacket packet) {
        channel(streamId).packet(Objects.requireNonNull(packet, "packet"));
    }

    /** Producer: the stream stopped; nothing happens when it was not running. */
    public void stopped(String streamId, String reason) {
        channel(streamId).stopped(reason == null ? "" : reason);
    }

    private Channel channel(String streamId) {
        Channel channel = channels.get(streamId);
        if (channel == null) {
            throw new IllegalArgumentException("Unknown stream " + streamId + "; this device has " + channels.keySet());
        }
        return channel;
    }

    private static long micros(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        } catch (ArithmeticException e) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static int firstVideo(List<CodecParameters> streams) {
        return streams.stream().filter(s -> s.kind() == MediaKind.VIDEO).mapToInt(CodecParameters::index).findFirst()
                .orElse(-1);
    }

    private void wake(List<Subscriber> subscribers) {
        if (subscribers != null) {
            for (Subscriber subscriber : subscribers) {
                if (subscriber.direct) {
                    subscriber.drain();
                } else {
                    subscriber.schedule();
                }
            }
        }
    }

    /** One stream: its subscribers and kept past. The monitor guards everything but the subscriber list. */
    private final class Channel {
        final String id;
        final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        final GopRing ring = new GopRing(buffering.minDuration().toNanos() / 1000, buffering.minCompleteGops(),
                buffering.maxBytes());
        List<CodecParameters> current;

        Channel(String id) {
            this.id = id;
        }

        MediaSubscription subscribe(PacketSink sink, Instant since) {
            Subscriber subscriber = new Subscriber(this, Objects.requireNonNull(sink, "sink"));
            synchronized (this) {
                subscribers.add(subscriber);
                if (current != null) {
                    subscriber.start(current);
                    List<MediaPacket> past = since == null ? ring.currentGop() : ring.since(micros(since));
                    if (!past.isEmpty()) {
                        subscriber.openAll();
                        past.forEach(subscriber::catchUp);
                    }
                }
            }
            // The subscribing thread delivers the start and the catch-up itself, so the caller sees
            // streamStarted before subscribe returns and the producer is not involved.
            subscriber.drain();
            return subscriber;
        }

        void started(List<CodecParameters> streams) {
            List<Subscriber> wake = null;
            synchronized (this) {
                current = streams;
                ring.reset(firstVideo(streams));
                for (Subscriber subscriber : subscribers) {
                    wake = subscriber.start(streams) ? add(wake, subscriber) : wake;
                }
            }
            wake(wake);
        }

        void packet(MediaPacket packet) {
            List<Subscriber> wake = null;
            synchronized (this) {
                if (current == null) {
                    return;
                }
                ring.add(packet);
                for (Subscriber subscriber : subscribers) {
                    wake = subscriber.offer(packet) ? add(wake, subscriber) : wake;
                }
            }
            wake(wake);
        }

        void stopped(String reason) {
            List<Subscriber> wake = null;
            synchronized (this) {
                if (current == null) {
                    return;
                }
                current = null;
                ring.reset(-1);
                for (Subscriber subscriber : subscribers) {
                    wake = subscriber.stop(reason) ? add(wake, subscriber) : wake;
                }
            }
            wake(wake);
        }

        private List<Subscriber> add(List<Subscriber> list, Subscriber subscriber) {
            List<Subscriber> result = list == null ? new ArrayList<>(2) : list;
            result.add(subscriber);
            return result;
        }
    }

    /**
     * One sink. Where it stands in the stream (which streams are open to it) is guarded by the channel's
     * monitor; its queue by the queue's monitor; calls into the sink by {@link #calling}.
     */
    private final class Subscriber implements MediaSubscription {
        private final Channel channel;
        private final PacketSink sink;
        /** Whether the producer's thread delivers to the sink itself instead of the delivery executor. */
        private final boolean direct;

        private List<CodecParameters> streams;
        private boolean[] open = new boolean[0];
        private boolean hasVideo;
        private boolean videoOpen;
        /** After an overload: the next keyframe brings a new start. */
        private boolean restart;

        private final ArrayDeque<Object> queue = new ArrayDeque<>();
        private long queuedBytes;
        /** A drain is scheduled or running; only that drain takes items. */
        private boolean draining = true;
        /** Whether the sink has been given a start not yet followed by a stop. */
        private boolean sinkStarted;

        private final ReentrantLock calling = new ReentrantLock();
        private volatile boolean closed;

        Subscriber(Channel channel, PacketSink sink) {
            this.channel = channel;
            this.sink = sink;
            this.direct = sink.callableFromProducer();
        }

        /** Returns whether a drain must be scheduled. */
        boolean start(List<CodecParameters> streams) {
            this.streams = streams;
            int size = 0;
            hasVideo = false;
            for (CodecParameters stream : streams) {
                size = Math.max(size, stream.index() + 1);
                hasVideo |= stream.kind() == MediaKind.VIDEO;
            }
            open = new boolean[size];
            videoOpen = false;
            restart = false;
            return enqueue(new Start(streams), 0, false);
        }

        /** The catch-up begins at a keyframe: every stream may flow at once. */
        void openAll() {
            Arrays.fill(open, true);
            videoOpen = true;
        }

        void catchUp(MediaPacket packet) {
            if (packet.streamIndex() < open.length) {
                // Bounded by the ring's budget, not by the backlog limit meant for live packets.
                enqueue(packet, packet.size(), false);
            }
        }

        /** Returns whether a drain must be scheduled. */
        boolean offer(MediaPacket packet) {
            if (streams == null) {
                return false;
            }
            int index = packet.streamIndex();
            if (index >= open.length) {
                return false;
            }
            if (!open[index]) {
                if (!mayOpen(index, packet)) {
                    return false;
                }
                open[index] = true;
                if (restart) {
                    restart = false;
                    enqueue(new Start(streams), 0, false);
                }
            }
            return enqueue(packet, packet.size(), true);
        }

        /**
         * A video stream opens at its first keyframe; everything else waits for the first video keyframe,
         * so sound never starts before the picture does.
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

        /** Returns whether a drain must be scheduled. */
        boolean stop(String reason) {
            if (streams == null) {
                return false;
            }
            streams = null;
            restart = false;
            return enqueue(new Stop(reason), 0, false);
        }

        /** Called by the producer or a subscriber with the channel's monitor held. */
        private boolean enqueue(Object item, int size, boolean bounded) {
            synchronized (queue) {
                if (closed) {
                    return false;
                }
                if (bounded && (queuedBytes + size > buffering.backlogBytes() || queue.size() >= MAX_QUEUED_ITEMS)) {
                    overload();
                    return scheduleNeeded();
                }
                queue.addLast(item);
                queuedBytes += size;
                return scheduleNeeded();
            }
        }

        /** Called with the channel's monitor and the queue's held. */
        private void overload() {
            int dropped = queue.size() + 1;
            logger.warn("A consumer of stream {} fell {} packets ({} bytes) behind and restarts at the next "
                    + "keyframe: {}", channel.id, dropped, queuedBytes, sink);
            queue.clear();
            queuedBytes = 0;
            if (sinkStarted) {
                queue.addLast(new Stop("overload: the consumer fell " + dropped + " packets behind"));
            }
            Arrays.fill(open, false);
            videoOpen = false;
            restart = true;
        }

        private boolean scheduleNeeded() {
            if (draining || queue.isEmpty()) {
                return false;
            }
            draining = true;
            return true;
        }

        void schedule() {
            try {
                delivery.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The executor is shutting down with the server: nothing will be delivered any more.
                logger.debug("Stream {}: delivery executor gone, {} unsubscribed", channel.id, sink);
                close();
            }
        }

        /** Delivers queued items in order; runs on one thread at a time, guarded by {@link #draining}. */
        void drain() {
            for (int delivered = 0; delivered < DRAIN_BATCH; delivered++) {
                Object item;
                synchronized (queue) {
                    item = queue.pollFirst();
                    if (item == null || closed) {
                        draining = false;
                        return;
                    }
                    if (item instanceof MediaPacket packet) {
                        queuedBytes -= packet.size();
                    } else {
                        sinkStarted = item instanceof Start;
                    }
                }
                deliver(item);
            }
            synchronized (queue) {
                if (queue.isEmpty() || closed) {
                    draining = false;
                    return;
                }
            }
            schedule();
        }

        private void deliver(Object item) {
            calling.lock();
            try {
                if (closed) {
                    return;
                }
                if (item instanceof MediaPacket packet) {
                    sink.packet(packet);
                } else if (item instanceof Start start) {
                    sink.streamStarted(start.streams());
                } else {
                    sink.streamStopped(((Stop) item).reason());
                }
            } catch (RuntimeException e) {
                // A sink that throws is broken; it must not disturb the stream for the others.
                logger.error("Packet sink {} of stream {} failed and is unsubscribed", sink, channel.id, e);
                close();
            } finally {
                calling.unlock();
            }
        }

        /**
         * Stops delivery; idempotent. When a call into the sink is under way on another thread, waits for
         * it to return, so nothing reaches the sink after this returns.
         */
        @Override
        public void close() {
            closed = true;
            channel.subscribers.remove(this);
            synchronized (queue) {
                queue.clear();
                queuedBytes = 0;
            }
            if (!calling.isHeldByCurrentThread()) {
                calling.lock();
                calling.unlock();
            }
        }

        @Override
        public String toString() {
            return "subscription of " + sink + " to " + channel.id;
        }
    }
}
