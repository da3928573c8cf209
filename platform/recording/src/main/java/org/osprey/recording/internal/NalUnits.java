package org.osprey.recording.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * H.264 and H.265 NAL units in the two forms the recorder meets: Annex B, each unit after a start code
 * ({@code 00 00 01} or {@code 00 00 00 01}), as RTSP cameras and encoders deliver them, and length-prefixed,
 * each unit after its four-byte big-endian length, as Matroska and MP4 store them.
 */
final class NalUnits {

    /** Width of the length in front of each stored NAL unit, as the avcC and hvcC records declare it. */
    static final int LENGTH_SIZE = 4;

    private NalUnits() {
    }

    /** Whether codec configuration or a packet begins with a start code, rather than a record or a length. */
    static boolean isAnnexB(byte[] data) {
        return data.length >= 3 && data[0] == 0 && data[1] == 0
                && (data[2] == 1 || data.length >= 4 && data[2] == 0 && data[3] == 1);
    }

    /** The NAL units of Annex B data, without start codes. */
    static List<byte[]> split(byte[] annexB) {
        ByteBuffer data = ByteBuffer.wrap(annexB);
        List<byte[]> units = new ArrayList<>();
        int start = startCode(data, 0, annexB.length);
        while (start < annexB.length) {
            int unit = start + 3;
            int next = startCode(data, unit, annexB.length);
            int end = endOfUnit(data, unit, next);
            if (end > unit) {
                units.add(Arrays.copyOfRange(annexB, unit, end));
            }
            start = next;
        }
        return units;
    }

    /** The most bytes {@link #toLengthPrefixed} may write for Annex B data of a given size. */
    static int maxLengthPrefixedSize(int annexBSize) {
        // A three-byte start code becomes a four-byte length, and there is at most one per four bytes.
        return annexBSize + annexBSize / 4 + LENGTH_SIZE;
    }

    /**
     * Writes the Annex B data between a buffer's position and limit as length-prefixed NAL units. Bytes before
     * the first start code belong to no NAL unit and are dropped, as FFmpeg's muxers drop them.
     *
     * @return the number of bytes written
     */
    static int toLengthPrefixed(ByteBuffer data, EbmlBuffer out) {
        int limit = data.limit();
        int written = 0;
        int start = startCode(data, data.position(), limit);
        while (start < limit) {
            int unit = start + 3;
            int next = startCode(data, unit, limit);
            int end = endOfUnit(data, unit, next);
            if (end > unit) {
                out.putInt(end - unit);
                out.bytes(data, unit, end - unit);
                written += LENGTH_SIZE + end - unit;
            }
            start = next;
        }
        return written;
    }

    /**
     * Where the next {@code 00 00 01} begins, or {@code limit}. Looks at every third byte only while those
     * cannot end a start code, which is most of a picture's bytes.
     */
    static int startCode(ByteBuffer data, int from, int limit) {
        int i = from + 2;
        while (i < limit) {
            int b = data.get(i);
            if (b == 0) {
                i++;
            } else if (b == 1 && data.get(i - 1) == 0 && data.get(i - 2) == 0) {
                return i - 2;
            } else {
                i += 3;
            }
        }
        return limit;
    }

    /**
     * The end of a unit that runs to the next start code: the zero bytes before it are the leading zero of a
     * four-byte start code or trailing padding, never the unit's, whose last byte is never zero.
     */
    private static int endOfUnit(ByteBuffer data, int unit, int next) {
        int end = next;
        while (end > unit && data.get(end - 1) == 0) {
            end--;
        }
        return end;
    }
}
