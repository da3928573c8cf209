package org.osprey.media.http.internal;

import java.util.List;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;

/**
 * Packets for one viewer, taken by the thread that writes the response. Producers never wait for it: a
 * live feed drops what a slow viewer cannot take, a playback feed reads ahead only as far as its bound.
 */
interface PacketFeed extends AutoCloseable {

    /**
     * Waits until the feed knows its streams and holds a video keyframe to start with.
     *
     * @return the streams, or {@code null} when none came within the time or the feed ended first
     */
    List<CodecParameters> awaitStart(long timeoutMillis) throws InterruptedException;

    /**
     * The next packet, waiting at most the given time.
     *
     * @return {@code null} when none came in time, or at once when the feed has ended and is empty
     */
    MediaPacket poll(long timeoutMillis) throws InterruptedException;

    /** Whether a packet is waiting, so the writer knows whether to push what it has to the client now. */
    boolean hasNext();

    /** Whether no packet will come any more. */
    boolean ended();

    /** Why the feed ended, for the log; empty while it runs. */
    String endReason();

    /** Stops the feed and releases what it holds; idempotent. */
    @Override
    void close();
}
