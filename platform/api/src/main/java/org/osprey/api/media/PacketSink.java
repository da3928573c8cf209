package org.osprey.api.media;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives one stream's packets: a recorder, a live relay or an analyser. Calls come from one thread at
 * a time and in order; an implementation must return quickly and never block the producer.
 */
@ConsumerType
public interface PacketSink {

    /** The stream (re)starts with these elementary streams; packets follow. */
    void streamStarted(List<CodecParameters> streams);

    /** One packet; the first packet of each video stream after {@link #streamStarted} is a keyframe. */
    void packet(MediaPacket packet);

    /**
     * The stream stopped.
     *
     * @param reason why, for logs and gap records: for example {@code connection lost}
     */
    void streamStopped(String reason);

    /**
     * Whether the source may call this sink on its own reading thread. A sink whose calls only hand the
     * packet over (into its own queue, say) and never wait answers {@code true}: the source then calls it
     * directly whenever nothing is queued for it, which saves a thread hand-over per packet, the larger
     * part of the CPU a recorded stream costs. By default the source queues for the sink and calls it
     * from a delivery thread, so a sink that does real work per packet never holds up the camera.
     *
     * @since 1.2
     */
    default boolean callableFromProducer() {
        return false;
    }
}
