package org.osprey.api.media;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The media of a device, opened per stream. A source keeps at most one upstream connection per stream
 * however many subscribers it has.
 */
@ConsumerType
public interface MediaSource {

    /**
     * Subscribes a sink to a stream.
     *
     * @param streamId a {@link org.osprey.api.device.StreamDescriptor#id()} of the device
     * @param sink     receiver of the packets
     * @return the subscription to close when done
     * @throws IllegalArgumentException when the stream id is unknown
     */
    MediaSubscription subscribe(String streamId, PacketSink sink);

    /**
     * Subscribes a sink to a stream, first delivering what the source still holds from the keyframe at or
     * before {@code since}, for a recording's prebuffer. Sources without a buffer start as
     * {@link #subscribe(String, PacketSink)} does.
     */
    default MediaSubscription subscribe(String streamId, PacketSink sink, java.time.Instant since) {
        return subscribe(streamId, sink);
    }
}
