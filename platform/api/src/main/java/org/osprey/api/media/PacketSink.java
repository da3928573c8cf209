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
}
