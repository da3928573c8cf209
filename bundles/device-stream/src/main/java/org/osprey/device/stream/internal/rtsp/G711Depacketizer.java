package org.osprey.device.stream.internal.rtsp;

import java.util.Arrays;

/** G.711 (PCMU, PCMA): every packet is one block of samples, one byte per sample and channel. */
final class G711Depacketizer extends Depacketizer {

    private final int channels;

    G711Depacketizer(AccessUnitSink sink, int channels) {
        super(sink);
        this.channels = Math.max(1, channels);
    }

    @Override
    void packet(byte[] buffer, int offset, int length, long timestamp, boolean marker, boolean lossBefore) {
        if (length > 0) {
            sink.accessUnit(timestamp, Arrays.copyOfRange(buffer, offset, offset + length), true, length / channels);
        }
    }
}
