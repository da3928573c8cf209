package org.osprey.device.stream.internal.rtsp;

/** H.264 over RTP (RFC 6184, non-interleaved mode): single NAL units, STAP-A and FU-A. */
final class H264Depacketizer extends NalDepacketizer {

    static final int SPS = 7;
    static final int PPS = 8;
    private static final int IDR = 5;
    private static final int STAP_A = 24;
    private static final int FU_A = 28;

    private final byte[] header = new byte[1];

    H264Depacketizer(AccessUnitSink sink) {
        super(sink, 2);
    }

    @Override
    protected int type(byte[] buffer, int offset) {
        return buffer[offset] & 0x1f;
    }

    @Override
    protected int parameterSetSlot(int type) {
        return type == SPS ? 0 : type == PPS ? 1 : -1;
    }

    @Override
    protected boolean isKeyframe(int type) {
        return type == IDR;
    }

    @Override
    protected boolean isSlice(int type) {
        return type >= 1 && type <= 5;
    }

    @Override
    protected void payload(byte[] buffer, int offset, int length) {
        int type = type(buffer, offset);
        if (type >= 1 && type <= 23) {
            nal(buffer, offset, length);
        } else if (type == STAP_A) {
            int at = offset + 1;
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
        } else if (type == FU_A && length > 2) {
            int fu = buffer[offset + 1];
            if ((fu & 0x80) != 0) {
                header[0] = (byte) (buffer[offset] & 0xe0 | fu & 0x1f);
                fragmentStart(header);
            }
            fragment(buffer, offset + 2, length - 2, (fu & 0x40) != 0);
        }
        // STAP-B, MTAP and FU-B belong to the interleaved mode, which this client does not ask for.
    }
}
