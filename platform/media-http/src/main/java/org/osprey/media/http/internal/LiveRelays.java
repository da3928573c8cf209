package org.osprey.media.http.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osprey.api.media.MediaSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live relays, one per camera stream that somebody watches. A relay outlives its last viewer by a
 * grace period, so a client switching layouts or taking a snapshot finds the GOP already there; then it
 * gives the camera subscription up.
 */
final class LiveRelays implements AutoCloseable {

    private final Logger logger = LoggerFactory.getLogger(LiveRelays.class);
    private final ScheduledExecutorService timers;
    private final long lingerMillis;
    private final long gopLimitBytes;
    private final Map<String, LiveRelay> relays = new HashMap<>();
    private final Map<LiveRelay, ScheduledFuture<?>> lingering = new HashMap<>();
    private boolean closed;

    LiveRelays(ScheduledExecutorService timers, long lingerMillis, long gopLimitBytes) {
        this.timers = timers;
        this.lingerMillis = lingerMillis;
        this.gopLimitBytes = gopLimitBytes;
    }

    /**
     * The relay of a camera stream, subscribed, counted as used until {@link #release}. A relay of an
     * older media source (the device's handler restarted) is replaced.
     *
     * @throws IllegalArgumentException when the source does not know the stream
     * @throws IllegalStateException    when the relays are closed
     */
    LiveRelay acquire(String cameraId, String streamId, MediaSource source) {
        LiveRelay relay;
        LiveRelay stale = null;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the media endpoints are stopping");
            }
            relay = relays.get(cameraId);
            if (relay != null && (relay.source() != source || !relay.streamId().equals(streamId) || relay.isClosed())) {
                stale = relay;
                relays.remove(cameraId);
                cancelLinger(stale);
                relay = null;
            }
            if (relay == null) {
                relay = new LiveRelay(cameraId, streamId, source, gopLimitBytes);
                relays.put(cameraId, relay);
            }
            relay.users++;
            cancelLinger(relay);
        }
        if (stale != null) {
            stale.close("the camera's media source changed");
        }
        try {
            relay.subscribe();
        } catch (RuntimeException e) {
            release(relay);
            throw e;
        }
        return relay;
    }

    /** The caller no longer uses the relay; the last one starts its grace period. */
    void release(LiveRelay relay) {
        synchronized (this) {
            relay.users--;
            if (relay.users > 0 || closed || relays.get(relay.cameraId()) != relay) {
                return;
            }
            lingering.put(relay, timers.schedule(() -> expire(relay), lingerMillis, TimeUnit.MILLISECONDS));
        }
    }

    private void expire(LiveRelay relay) {
        synchronized (this) {
            lingering.remove(relay);
            if (relay.users > 0 || relays.get(relay.cameraId()) != relay) {
                return;
            }
            relays.remove(relay.cameraId());
        }
        logger.debug("Nobody watches camera {} live any more; its relay stops", relay.cameraId());
        relay.close("nobody watches");
    }

    private void cancelLinger(LiveRelay relay) {
        ScheduledFuture<?> timer = lingering.remove(relay);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** How many relays are open, for tests. */
    synchronized int size() {
        return relays.size();
    }

    /** Ends every live stream. */
    @Override
    public void close() {
        List<LiveRelay> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(relays.values());
            relays.clear();
            lingering.values().forEach(t -> t.cancel(false));
            lingering.clear();
        }
        all.forEach(r -> r.close("the media endpoints are stopping"));
    }
}
