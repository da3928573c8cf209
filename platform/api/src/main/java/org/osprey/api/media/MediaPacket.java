package org.osprey.api.media;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One compressed access unit (a video frame or a block of audio samples), never decoded by the
 * platform unless a consumer needs pixels. Timestamps are wall-clock microseconds since the epoch, so
 * streams of different cameras line up on one timeline.
 *
 * @param streamIndex    which {@link CodecParameters#index()} it belongs to
 * @param ptsMicros      presentation time, microseconds since the epoch
 * @param dtsMicros      decoding time, microseconds since the epoch
 * @param durationMicros duration, 0 when unknown
 * @param keyframe       whether decoding can start here
 * @param data           the payload, read-only; shared between consumers, so never modified
 */
public record MediaPacket(int streamIndex, long ptsMicros, long dtsMicros, long durationMicros, boolean keyframe,
        ByteBuffer data) {

    /** Makes the payload read-only so one packet can be shared by every consumer. */
    public MediaPacket {
        Objects.requireNonNull(data, "data");
        data = data.asReadOnlyBuffer();
    }

    /** The payload size in bytes. */
    public int size() {
        return data.remaining();
    }
}
