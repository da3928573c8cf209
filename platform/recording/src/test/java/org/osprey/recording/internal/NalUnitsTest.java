package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Annex B as cameras and encoders write it, turned into the length-prefixed NAL units Matroska stores. */
class NalUnitsTest {

    @Test
    void threeAndFourByteStartCodesTrailingZerosAndBytesBeforeTheFirstUnit() {
        byte[] annexB = {
            7, 7, // no start code before them: not a NAL unit
            0, 0, 0, 1, 0x67, 1, 2, // SPS after a four-byte start code
            0, 0, 1, 0x68, 3, // PPS after a three-byte one
            0, 0, 1, 0x65, 0, 0, 3, 1, 9, 0, 0, // slice with an escaped 00 00 01 and two trailing zeros
        };
        byte[] expected = {
            0, 0, 0, 3, 0x67, 1, 2,
            0, 0, 0, 2, 0x68, 3,
            0, 0, 0, 6, 0x65, 0, 0, 3, 1, 9,
        };
        EbmlBuffer out = new EbmlBuffer(4);
        // A read-only view at an offset, as a shared packet arrives: its position is where the data begins.
        ByteBuffer packet = ByteBuffer.wrap(concat(new byte[] {1, 2, 3}, annexB)).position(3).asReadOnlyBuffer();

        int written = NalUnits.toLengthPrefixed(packet, out);

        assertThat(Arrays.copyOf(out.array(), out.length())).isEqualTo(expected);
        assertThat(written).isEqualTo(expected.length).isLessThanOrEqualTo(NalUnits.maxLengthPrefixedSize(annexB.length));
        assertThat(packet.position()).isEqualTo(3);
        assertThat(NalUnits.split(annexB)).extracting(unit -> unit[0]).containsExactly((byte) 0x67, (byte) 0x68,
                (byte) 0x65);
    }

    @Test
    void fourByteStartCodesAreReplacedWhereTheyAreUntilAUnitIsWrittenOtherwise() {
        byte[] annexB = {
            0, 0, 0, 1, 0x09, 0x10, // access unit delimiter
            0, 0, 0, 1, 0x67, 1, 2, // SPS
            0, 0, 1, 0x68, 3, // PPS after a three-byte start code: the rest is converted the general way
            0, 0, 0, 1, 0x65, 4, 5, 6,
        };
        byte[] expected = {
            0, 0, 0, 2, 0x09, 0x10,
            0, 0, 0, 3, 0x67, 1, 2,
            0, 0, 0, 2, 0x68, 3,
            0, 0, 0, 4, 0x65, 4, 5, 6,
        };
        EbmlBuffer out = new EbmlBuffer(4);
        out.put(0x42); // what the block header before the frame would be

        int written = NalUnits.toLengthPrefixed(ByteBuffer.wrap(annexB), out);

        assertThat(Arrays.copyOf(out.array(), out.length())).startsWith(0x42).endsWith(expected);
        assertThat(written).isEqualTo(expected.length);
        byte[] fourByteOnly = Arrays.copyOfRange(annexB, 0, 13);
        assertThat(NalUnits.toLengthPrefixed(ByteBuffer.wrap(fourByteOnly), new EbmlBuffer(1))).isEqualTo(13);
    }

    @Test
    void randomPicturesComeOutAsTheirUnits() {
        SplittableRandom random = new SplittableRandom(1);
        for (int picture = 0; picture < 500; picture++) {
            ByteArrayOutputStream annexB = new ByteArrayOutputStream();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int units = 1 + random.nextInt(5); units > 0; units--) {
                byte[] unit = new byte[1 + random.nextInt(400)];
                for (int i = 0; i < unit.length; i++) {
                    unit[i] = (byte) random.nextInt(256);
                    // A unit holds no start code and ends in a non-zero byte, as an encoder's escaping makes it.
                    boolean wouldStartCode = i >= 2 && unit[i - 2] == 0 && unit[i - 1] == 0 && (unit[i] & 0xFF) <= 3;
                    if (wouldStartCode || i == unit.length - 1 && unit[i] == 0) {
                        unit[i] = 4;
                    }
                }
                annexB.writeBytes(random.nextBoolean() ? new byte[] {0, 0, 0, 1} : new byte[] {0, 0, 1});
                annexB.writeBytes(unit);
                expected.writeBytes(ByteBuffer.allocate(4).putInt(unit.length).array());
                expected.writeBytes(unit);
            }
            EbmlBuffer out = new EbmlBuffer(16);

            NalUnits.toLengthPrefixed(ByteBuffer.wrap(annexB.toByteArray()), out);

            assertThat(Arrays.copyOf(out.array(), out.length())).as("picture %d", picture)
                    .isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void manySmallUnitsStayWithinTheSizeBound() {
        byte[] annexB = new byte[4 * 1000];
        for (int i = 0; i < annexB.length; i += 4) {
            annexB[i + 2] = 1;
            annexB[i + 3] = 0x09; // access unit delimiter without payload bits: one byte per unit
        }
        EbmlBuffer out = new EbmlBuffer(16);

        int written = NalUnits.toLengthPrefixed(ByteBuffer.wrap(annexB), out);

        assertThat(written).isEqualTo(5 * 1000).isLessThanOrEqualTo(NalUnits.maxLengthPrefixedSize(annexB.length));
    }

    @Test
    void recognisesAnnexBButNotARecordOrALength() {
        assertThat(NalUnits.isAnnexB(new byte[] {0, 0, 0, 1, 0x67})).isTrue();
        assertThat(NalUnits.isAnnexB(new byte[] {0, 0, 1, 0x67})).isTrue();
        assertThat(NalUnits.isAnnexB(new byte[] {1, 0x64, 0, 0x1F})).isFalse();
        assertThat(NalUnits.isAnnexB(new byte[] {0, 0, 2, 0x11})).isFalse();
        assertThat(NalUnits.isAnnexB(new byte[0])).isFalse();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
