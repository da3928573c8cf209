package org.osprey.device.stream.internal.rtsp;

/**
 * H.265 over RTP (RFC 7798) without decoding order numbers (sprop-max-don-diff 0, what cameras send):
 * single NAL units, aggregation packets and fragmentation units.
 */
final class H265Depacketizer extends NalDepacketizer {

    static final int VPS = 32;
    static final int SPS = 33;
    static final int PPS = 34;
    private static final int AP = 48;
    private static final int FU = 49;

    private final byte[] header = new byte[2];

    H265Depacketizer(AccessUnitSink sink) {
        super(sink, 3);
    }

    @Override
    protected int type(byte[] buffer, int offset) {
        return (buffer[offset] >> 1) & 0x3f;
    }

    @Override
    protected int parameterSetSlot(int type) {
        return type == VPS ? 0 : type == SPS ? 1 : type == PPS ? 2 : -1;
    }

    @Override
    protected boolean isKeyframe(int type) {
        // IRAP pictures: BLA, IDR and CRA.
        return type >= 16 && type <= 21;
    }

    @Override
    protected boolean isSlice(int type) {
        return type <= 31;
    }

    @Override
    protected void payload(byte[] buffer, int offset, int length) {
        if (length < 2) {
            return;
        }
        int type = type(buffer, offset);
        if (type < AP) {
            nal(buffer, offset, length);
        } else if (type == AP) {
            int at = offset + 2;
            int end = offset + length;
            while (at + 2 <= end) {
                int size = u16(buffer, at);
                at += 2;
                if (size == 0 || at + size > end) {
                    break;
                }
                nal(buffer, at, size);
                at += size;
            }
        } else if (type == FU && length > 3) {
            int fu = buffer[offset + 2];
            if ((fu & 0x80) != 0) {
                header[0] = (byte) (buffer[offset] & 0x81 | (fu & 0x3f) << 1);
                header[1] = buffer[offset + 1];
                fragmentStart(header);
            }
            fragment(buffer, offset + 3, length - 3, (fu & 0x40) != 0);
        }
        // PACI (50) carries nothing a recorder needs.
    }
}
