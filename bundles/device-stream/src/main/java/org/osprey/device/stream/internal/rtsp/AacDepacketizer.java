package org.osprey.device.stream.internal.rtsp;

import java.util.Arrays;

/**
 * AAC in RFC 3640's {@code mpeg4-generic} payload, AAC-hbr and AAC-lbr modes: AU headers give each
 * access unit's size; several access units may share a packet, and one larger than a packet is
 * fragmented over packets that end with the marker bit. Access units come out raw (no ADTS header), with
 * the AudioSpecificConfig as extradata, as FFmpeg delivers them.
 */
final class AacDepacketizer extends Depacketizer {

    private final int sizeLength;
    private final int indexLength;
    private final int indexDeltaLength;
    private final int samplesPerUnit;
    private final ByteSink fragments = new ByteSink(4096);
    private long fragmentTimestamp;
    private int fragmentSize;

    /**
     * @param sizeLength       bits of an AU size (13 for AAC-hbr)
     * @param indexLength      bits of the first AU index (3 for AAC-hbr)
     * @param indexDeltaLength bits of the following AU index deltas (3 for AAC-hbr)
     * @param samplesPerUnit   samples per access unit (1024, or the constantDuration parameter)
     */
    AacDepacketizer(AccessUnitSink sink, int sizeLength, int indexLength, int indexDeltaLength, int samplesPerUnit) {
        super(sink);
        this.sizeLength = sizeLength;
        this.indexLength = indexLength;
        this.indexDeltaLength = indexDeltaLength;
        this.samplesPerUnit = samplesPerUnit;
    }

    @Override
    void packet(byte[] buffer, int offset, int length, long timestamp, boolean marker, boolean lossBefore) {
        if (lossBefore || fragments.length() > 0 && timestamp != fragmentTimestamp) {
            fragments.clear();
        }
        if (length < 2 || sizeLength <= 0) {
            return;
        }
        int headerBits = NalDepacketizer.u16(buffer, offset);
        int headerBytes = (headerBits + 7) / 8;
        int data = offset + 2 + headerBytes;
        int end = offset + length;
        if (data > end) {
            return;
        }
        VideoSize.BitReader headers = new VideoSize.BitReader(buffer, offset + 2, data);
        int read = 0;
        int unit = 0;
        while (read + sizeLength + (unit == 0 ? indexLength : indexDeltaLength) <= headerBits) {
            int size = headers.bits(sizeLength);
            headers.bits(unit == 0 ? indexLength : indexDeltaLength);
            read += sizeLength + (unit == 0 ? indexLength : indexDeltaLength);
            int available = end - data;
            if (size > available) {
                // A fragment of one access unit too large for a packet.
                if (fragments.length() == 0) {
                    fragmentTimestamp = timestamp;
                    fragmentSize = size;
                }
                fragments.write(buffer, data, available);
                if (marker && fragments.length() >= fragmentSize) {
                    sink.accessUnit(timestamp, Arrays.copyOf(fragments.array(), fragmentSize), true, samplesPerUnit);
                    fragments.clear();
                }
                return;
            }
            if (fragments.length() > 0) {
                // The last fragment of a unit carries the rest of it.
                fragments.write(buffer, data, size);
                if (fragments.length() >= fragmentSize) {
                    sink.accessUnit(fragmentTimestamp, Arrays.copyOf(fragments.array(), fragmentSize), true,
                            samplesPerUnit);
                    fragments.clear();
                }
                return;
            }
            sink.accessUnit(timestamp + (long) unit * samplesPerUnit, Arrays.copyOfRange(buffer, data, data + size),
                    true, samplesPerUnit);
            data += size;
            unit++;
        }
    }
}
