package org.osprey.recording.internal;

/**
 * Reads big-endian bit fields of codec configuration: fixed-width fields and the Exp-Golomb codes of H.264 and
 * H.265 parameter sets.
 */
final class BitReader {

    private final byte[] data;
    private final int length;
    private int bit;

    BitReader(byte[] data) {
        this(data, data.length);
    }

    private BitReader(byte[] data, int length) {
        this.data = data;
        this.length = length;
    }

    /**
     * A reader of a NAL unit's payload (its RBSP): the header is skipped, and so are the emulation prevention
     * bytes that keep start codes out of the payload, as a decoder skips them.
     *
     * @param headerBytes NAL header bytes: 1 for H.264, 2 for H.265
     */
    static BitReader rbsp(byte[] nal, int headerBytes) {
        byte[] payload = new byte[nal.length];
        int n = 0;
        int zeros = 0;
        for (int i = headerBytes; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            payload[n++] = (byte) b;
        }
        return new BitReader(payload, n);
    }

    /** The next {@code count} bits (at most 32) as an unsigned number. */
    int bits(int count) {
        if (bit + count > length * 8L) {
            throw new IllegalArgumentException("codec configuration ends early");
        }
        long value = 0;
        for (int i = 0; i < count; i++, bit++) {
            value = value << 1 | (data[bit >>> 3] >>> (7 - (bit & 7))) & 1;
        }
        return (int) value;
    }

    boolean flag() {
        return bits(1) == 1;
    }

    void skip(int count) {
        for (int left = count; left > 0; left -= 32) {
            bits(Math.min(32, left));
        }
    }

    /** An unsigned Exp-Golomb code, ue(v). */
    int unsignedExpGolomb() {
        int leadingZeros = 0;
        while (!flag()) {
            if (++leadingZeros > 31) {
                throw new IllegalArgumentException("Exp-Golomb code too long");
            }
        }
        return (int) ((1L << leadingZeros) - 1 + (bits(leadingZeros) & 0xFFFFFFFFL));
    }
}
