package org.osprey.recording.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * H.264 and H.265 NAL units in the two forms the recorder meets: Annex B, each unit after a start code
 * ({@code 00 00 01} or {@code 00 00 00 01}), as RTSP cameras and encoders deliver them, and length-prefixed,
 * each unit after its four-byte big-endian length, as Matroska and MP4 store them. A unit ends where the next
 * start code begins, without the zero bytes before it: a unit's last byte is never zero.
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
        List<byte[]> units = new ArrayList<>();
        int code = startCode(annexB, 0, annexB.length);
        while (code < annexB.length) {
            int unit = code + 3;
            int next = startCode(annexB, unit, annexB.length);
            int end = endOfUnit(annexB, unit, next);
            if (end > unit) {
                units.add(Arrays.copyOfRange(annexB, unit, end));
            }
            code = next;
        }
        return units;
    }

    /** The most bytes {@link #toLengthPrefixed} may write for Annex B data of a given size. */
    static int maxLengthPrefixedSize(int annexBSize) {
        // A three-byte start code becomes a four-byte length, and there is at most one per four bytes.
        return annexBSize + annexBSize / 4 + LENGTH_SIZE;
    }

    /**
     * Appends the Annex B data between a buffer's position and limit as length-prefixed NAL units; the buffer's
     * position is left alone. Bytes before the first start code belong to no NAL unit and are dropped, as
     * FFmpeg's muxers drop them.
     *
     * @return the number of bytes appended
     */
    static int toLengthPrefixed(ByteBuffer data, EbmlBuffer out) {
        int size = data.remaining();
        int from = out.length();
        out.reserve(maxLengthPrefixedSize(size));
        out.bytes(data, data.position(), size);
        byte[] bytes = out.array();
        int end = from + size;
        // Encoders and the RTSP client put 00 00 00 01 before every unit and no zero after it: each start code
        // is overwritten by its unit's length where it is, and nothing moves.
        int code = from;
        while (isFourByteStartCode(bytes, code, end)) {
            int unit = code + 4;
            int next = startCode(bytes, unit, end);
            int unitEnd = next == end ? endOfUnit(bytes, unit, end) : next - 1;
            if (unitEnd <= unit || bytes[unitEnd - 1] == 0 || next < end && bytes[next - 1] != 0) {
                break;
            }
            putLength(bytes, code, unitEnd - unit);
            if (next == end) {
                out.truncate(unitEnd);
                return unitEnd - from;
            }
            code = next - 1;
        }
        // Anything else: the rest moves up by as much as its lengths may outgrow its start codes, so the
        // conversion below never overwrites what it has still to read.
        int rest = end - code;
        int slack = maxLengthPrefixedSize(rest) - rest;
        System.arraycopy(bytes, code, bytes, code + slack, rest);
        int written = convert(bytes, code + slack, end + slack, code);
        out.truncate(written);
        return written - from;
    }

    /** Writes the units of Annex B data at {@code [from, limit)} length-prefixed from {@code to} on. */
    private static int convert(byte[] bytes, int from, int limit, int to) {
        int written = to;
        int code = startCode(bytes, from, limit);
        while (code < limit) {
            int unit = code + 3;
            int next = startCode(bytes, unit, limit);
            int length = endOfUnit(bytes, unit, next) - unit;
            if (length > 0) {
                putLength(bytes, written, length);
                System.arraycopy(bytes, unit, bytes, written + LENGTH_SIZE, length);
                written += LENGTH_SIZE + length;
            }
            code = next;
        }
        return written;
    }

    private static boolean isFourByteStartCode(byte[] bytes, int at, int limit) {
        return at + 4 <= limit && bytes[at] == 0 && bytes[at + 1] == 0 && bytes[at + 2] == 0 && bytes[at + 3] == 1;
    }

    /**
     * Where the next {@code 00 00 01} begins, or {@code limit}. Looks at every third byte only while those
     * cannot end a start code, which is most of a picture's bytes, and at four of them in one step, since the
     * loop's cost is in its branches.
     */
    private static int startCode(byte[] bytes, int from, int limit) {
        int i = from + 2;
        while (i < limit) {
            if (i + 9 < limit && endsNone(bytes[i]) && endsNone(bytes[i + 3]) && endsNone(bytes[i + 6])
                    && endsNone(bytes[i + 9])) {
                i += 12;
                continue;
            }
            int b = bytes[i];
            if (b == 0) {
                i++;
            } else if (b == 1 && bytes[i - 1] == 0 && bytes[i - 2] == 0) {
                return i - 2;
            } else {
                i += 3;
            }
        }
        return limit;
    }

    /** A byte above 1 ends no {@code 00 00 01}, and neither do the two bytes after it, which it would begin. */
    private static boolean endsNone(byte b) {
        return (b & 0xFF) > 1;
    }

    /** The end of a unit that runs to the next start code, without the zero bytes in front of that. */
    private static int endOfUnit(byte[] bytes, int unit, int next) {
        int end = next;
        while (end > unit && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static void putLength(byte[] bytes, int at, int length) {
        bytes[at] = (byte) (length >>> 24);
        bytes[at + 1] = (byte) (length >>> 16);
        bytes[at + 2] = (byte) (length >>> 8);
        bytes[at + 3] = (byte) length;
    }
}
