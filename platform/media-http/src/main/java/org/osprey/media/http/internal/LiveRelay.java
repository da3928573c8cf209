package org.osprey.media.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.MediaSource;
import org.osprey.api.media.MediaSubscription;
import org.osprey.api.media.PacketSink;

/**
 * One camera stream for all its live viewers: a single subscription to the device's media source, and
 * the packets since the last keyframe, so a viewer who joins starts with a whole picture at once instead
 * of waiting up to a GOP. The camera's thread only appends and hands packets to the viewers' queues.
 *
 * <p>Lock order: the subscription lock, then the media source's own, then this object's; nothing here
 * calls the media source while holding this object's lock.
 */
final class LiveRelay implements PacketSink {

    /** The newest keyframe, all its slices in one packet, with the streams it belongs to, for snapshots. */
    record Keyframe(List<CodecParameters> streams, MediaPacket packet) {
    }

    private final String cameraId;
    private final String streamId;
    private final MediaSource source;
    private final long gopLimitBytes;
    private final Object subscribing = new Object();
    private MediaSubscription subscription;

    // Guarded by this.
    private List<CodecParameters> streams;
    private int videoIndex = -1;
    private final List<MediaPacket> gop = new ArrayList<>();
    private long gopBytes;
    private boolean gopValid;
    private MediaPacket lastVideo;
    /** The newest keyframe's picture, kept apart from the GOP so snapshots do not depend on the GOP's size. */
    private MediaPacket keyframe;
    /** Whether a later video packet showed that the keyframe has no further slices. */
    private boolean keyframeWhole;
    private final Set<ViewerQueue> viewers = new LinkedHashSet<>();
    private final List<CompletableFuture<Keyframe>> keyframeWaiters = new ArrayList<>();
    private boolean closed;
    /** Viewers and snapshot waiters counted by {@link LiveRelays}; guarded by the registry. */
    int users;

    /**
     * @param gopLimitBytes a GOP larger than this is not kept (viewers then start at the next keyframe),
     *                      so a camera with a very long GOP cannot pin unbounded memory
     */
    LiveRelay(String cameraId, String streamId, MediaSource source, long gopLimitBytes) {
        this.cameraId = cameraId;
        this.streamId = streamId;
        this.source = source;
        this.gopLimitBytes = gopLimitBytes;
    }

    String cameraId() {
        return cameraId;
    }

    String streamId() {
        return streamId;
    }

    MediaSource source() {
        return source;
    }

    /**
     * Subscribes to the camera unless already done. The source may call {@link #streamStarted} from
     * within, which is why no lock of this object is held here.
     *
     * @throws IllegalArgumentException when the source does not know the stream
     */
    void subscribe() {
        synchronized (subscribing) {
            if (subscription == null && !isClosed()) {
                subscription = source.subscribe(streamId, this);
            }
        }
    }

    /** Adds a viewer; it gets the streams and the current GOP at once when the stream runs. */
    synchronized boolean add(ViewerQueue viewer) {
        if (closed) {
            return false;
        }
        viewers.add(viewer);
        if (streams != null) {
            viewer.start(streams, gopValid ? List.copyOf(gop) : List.of());
        }
        return true;
    }

    synchronized void remove(ViewerQueue viewer) {
        viewers.remove(viewer);
    }

    synchronized int viewerCount() {
        return viewers.size();
    }

    /** The keyframe of the current GOP when there is one, or else the next one the camera sends. */
    synchronized CompletableFuture<Keyframe> keyframe() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the live stream was closed"));
        }
        if (keyframeWhole) {
            return CompletableFuture.completedFuture(new Keyframe(streams, keyframe));
        }
        CompletableFuture<Keyframe> waiter = new CompletableFuture<>();
        keyframeWaiters.add(waiter);
        return waiter;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Ends every viewer and gives the camera up. */
    void close(String reason) {
        synchronized (this) {
            closed = true;
            viewers.forEach(v -> v.end(reason));
            viewers.clear();
            keyframeWaiters.forEach(w -> w.completeExceptionally(new IllegalStateException(reason)));
            keyframeWaiters.clear();
            gop.clear();
        }
        synchronized (subscribing) {
            if (subscription != null) {
                subscription.close();
                subscription = null;
            }
        }
    }

    // ---- PacketSink: the camera's thread ----

    @Override
    public synchronized void streamStarted(List<CodecParameters> started) {
        if (streams != null) {
            // A restart without a stop in between: the viewers' init segments no longer fit.
            viewers.forEach(v -> v.end("the camera's stream restarted"));
            viewers.clear();
        }
        streams = List.copyOf(started);
        videoIndex = streams.stream().filter(s -> s.kind() == MediaKind.VIDEO).mapToInt(CodecParameters::index)
                .findFirst().orElse(-1);
        gop.clear();
        gopBytes = 0;
        gopValid = false;
        lastVideo = null;
        keyframe = null;
        keyframeWhole = false;
        viewers.forEach(v -> v.start(streams, List.of()));
    }

    @Override
    public synchronized void packet(MediaPacket packet) {
        if (streams == null) {
            return;
        }
        boolean video = packet.streamIndex() == videoIndex;
        boolean sameAsLast = video && lastVideo != null && AccessUnits.samePicture(lastVideo, packet);
        if (video) {
            lastVideo = packet;
            if (keyframe != null && !keyframeWhole) {
                if (sameAsLast) {
                    keyframe = AccessUnits.join(keyframe, packet);
                } else {
                    keyframeWhole = true;
                    Keyframe whole = new Keyframe(streams, keyframe);
                    keyframeWaiters.forEach(w -> w.complete(whole));
                    keyframeWaiters.clear();
                }
            }
        }
        // A further slice of the keyframe's picture continues the GOP rather than starting one.
        if (video && packet.keyframe() && !sameAsLast) {
            gop.clear();
            gopBytes = 0;
            gopValid = true;
            keyframe = packet;
            keyframeWhole = false;
        }
        if (gopValid) {
            gop.add(packet);
            gopBytes += packet.size();
            if (gopBytes > gopLimitBytes) {
                gop.clear();
                gopBytes = 0;
                gopValid = false;
            }
        }
        for (ViewerQueue viewer : viewers) {
            viewer.offer(packet);
        }
    }

    @Override
    public synchronized void streamStopped(String reason) {
        streams = null;
        gop.clear();
        gopBytes = 0;
        gopValid = false;
        lastVideo = null;
        keyframe = null;
        keyframeWhole = false;
        // Viewers end with the camera; their clients ask again, and get the new stream's init segment.
        viewers.forEach(v -> v.end("the camera stopped sending (" + reason + ")"));
        viewers.clear();
    }

    @Override
    public String toString() {
        return "live relay of camera " + cameraId + " stream " + streamId;
    }
}
