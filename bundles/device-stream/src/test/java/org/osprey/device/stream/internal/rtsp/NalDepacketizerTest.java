package org.osprey.device.stream.internal.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.device.stream.internal.rtsp.Units.aggregate;
import static org.osprey.device.stream.internal.rtsp.Units.annexB;
import static org.osprey.device.stream.internal.rtsp.Units.bytes;
import static org.osprey.device.stream.internal.rtsp.Units.concat;
import static org.osprey.device.stream.internal.rtsp.Units.nal;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** H.264 and H.265 payloads as cameras packetise them, reassembled into one Annex B unit per picture. */
class NalDepacketizerTest {

    private static final byte[] SPS = HexFormat.of().parseHex("6742c00cd9016096c044000003000400000300783c50a920");
    private static final byte[] PPS = bytes(0x68, 0xce, 0x3c, 0x80);
    private static final byte[] IDR = nal(3000, 0x65, 0x88);
    private static final byte[] SLICE = nal(500, 0x41, 0x9a);

    private final Units out = new Units();

    private static void feed(Depacketizer depacketizer, byte[] payload, long timestamp, boolean marker) {
        depacketizer.packet(payload, 0, payload.length, timestamp, marker, false);
    }

    /** FU-A fragments of a NAL unit, {@code size} bytes of it each. */
    private static byte[][] fuA(byte[] nal, int size) {
        int count = (nal.length - 1 + size - 1) / size;
        byte[][] fragments = new byte[count][];
        for (int i = 0; i < count; i++) {
            int from = 1 + i * size;
            int to = Math.min(nal.length, from + size);
            int header = (i == 0 ? 0x80 : 0) | (i == count - 1 ? 0x40 : 0) | nal[0] & 0x1f;
            fragments[i] = concat(bytes(nal[0] & 0xe0 | 28, header), Arrays.copyOfRange(nal, from, to));
        }
        return fragments;
    }

    @Test
    void h264PictureFromStapAAndFuAIsOneKeyframeUnit() {
        H264Depacketizer h264 = new H264Depacketizer(out);
        feed(h264, aggregate(bytes(0x18), SPS, PPS), 1000, false);
        byte[][] fragments = fuA(IDR, 1200);
        assertThat(fragments.length).isEqualTo(3);
        for (int i = 0; i < fragments.length; i++) {
            feed(h264, fragments[i], 1000, i == fragments.length - 1);
        }
        feed(h264, SLICE, 7000, true);

        assertThat(out.units).hasSize(2);
        assertThat(out.units.get(0).timestamp()).isEqualTo(1000);
        assertThat(out.units.get(0).keyframe()).isTrue();
        assertThat(out.units.get(0).data()).isEqualTo(annexB(SPS, PPS, IDR));
        assertThat(out.units.get(1).keyframe()).isFalse();
        assertThat(out.units.get(1).data()).isEqualTo(annexB(SLICE));
        assertThat(h264.extradata()).isEqualTo(annexB(SPS, PPS));
    }

    @Test
    void aNewTimestampClosesAPictureWhoseMarkerWasLost() {
        H264Depacketizer h264 = new H264Depacketizer(out);
        byte[] second = nal(100, 0x01, 0x9a);
        feed(h264, SLICE, 1000, false);
        feed(h264, second, 1000, false);
        feed(h264, SLICE, 7000, true);

        assertThat(out.units).extracting(Units.Unit::timestamp).containsExactly(1000L, 7000L);
        assertThat(out.units.get(0).data()).isEqualTo(annexB(SLICE, second));
    }

    @Test
    void aFragmentedNalUnitWithALostPieceIsLeftOut() {
        H264Depacketizer h264 = new H264Depacketizer(out);
        byte[][] fragments = fuA(IDR, 1200);
        feed(h264, SLICE, 1000, false);
        feed(h264, fragments[0], 1000, false);
        h264.packet(fragments[2], 0, fragments[2].length, 1000, true, true);

        assertThat(out.units).hasSize(1);
        assertThat(out.units.get(0).data()).isEqualTo(annexB(SLICE));
        assertThat(out.units.get(0).keyframe()).isFalse();
    }

    @Test
    void parameterSetsKnownOnlyFromTheDescriptionArePutBeforeEachKeyframe() {
        H264Depacketizer h264 = new H264Depacketizer(out);
        h264.knownParameterSet(SPS);
        h264.knownParameterSet(PPS);
        feed(h264, IDR, 1000, true);
        feed(h264, SLICE, 7000, true);
        feed(h264, IDR, 13000, true);

        assertThat(out.units).extracting(Units.Unit::data)
                .containsExactly(annexB(SPS, PPS, IDR), annexB(SLICE), annexB(SPS, PPS, IDR));
    }

    @Test
    void parameterSetsRepeatedWithinAPictureAreLeftOut() {
        H264Depacketizer h264 = new H264Depacketizer(out);
        byte[] aud = bytes(0x09, 0x10);
        byte[] secondSlice = nal(3000, 0x65, 0x98);
        // As some GStreamer sources send it: the parameter sets twice before the first slice and again
        // before the second.
        for (byte[] nal : new byte[][] { aud, SPS, PPS, SPS, PPS, IDR, SPS, PPS }) {
            feed(h264, nal, 1000, false);
        }
        feed(h264, secondSlice, 1000, true);

        assertThat(out.units).singleElement().satisfies(unit -> assertThat(unit.data())
                .isEqualTo(annexB(aud, SPS, PPS, IDR, secondSlice)));
    }

    @Test
    void h265PictureFromAggregationAndFragmentationUnits() {
        byte[] vps = nal(20, 0x40, 0x01);
        byte[] sps = HexFormat.of().parseHex(
                "42010101600000030090000003000003005da00280802d165959a4932bc05a020000030002000003001e10");
        byte[] pps = nal(4, 0x44, 0x01);
        byte[] idr = nal(2500, 19 << 1, 0x01);
        H265Depacketizer h265 = new H265Depacketizer(out);
        feed(h265, aggregate(bytes(48 << 1, 0x01), vps, sps, pps), 90000, false);
        int half = 1250;
        feed(h265, concat(bytes(49 << 1, 0x01, 0x80 | 19), Arrays.copyOfRange(idr, 2, half)), 90000, false);
        feed(h265, concat(bytes(49 << 1, 0x01, 0x40 | 19), Arrays.copyOfRange(idr, half, idr.length)), 90000, true);
        feed(h265, nal(300, 1 << 1, 0x01), 96000, true);

        assertThat(out.units).hasSize(2);
        assertThat(out.units.get(0).keyframe()).isTrue();
        assertThat(out.units.get(0).data()).isEqualTo(annexB(vps, sps, pps, idr));
        assertThat(out.units.get(1).keyframe()).isFalse();
        assertThat(h265.extradata()).isEqualTo(annexB(vps, sps, pps));
        assertThat(VideoSize.ofH265(h265.parameterSet(1))).isEqualTo(new VideoSize(1280, 720));
    }
}
