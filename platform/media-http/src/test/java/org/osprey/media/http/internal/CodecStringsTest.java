package org.osprey.media.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;

class CodecStringsTest {

    /** A High profile level 4.0 SPS start, as an Annex B byte stream with its PPS. */
    private static final byte[] ANNEX_B = { 0, 0, 0, 1, 0x67, 0x64, 0x00, 0x28, (byte) 0xac, 0x2b, 0, 0, 1, 0x68,
            (byte) 0xee, 0x3c, (byte) 0x80 };

    private static CodecParameters video(String codec, byte[] extradata) {
        return new CodecParameters(0, MediaKind.VIDEO, codec, 1920, 1080, 0, 0, extradata);
    }

    private static CodecParameters aac(byte[] config) {
        return new CodecParameters(1, MediaKind.AUDIO, "aac", 0, 0, 48000, 2, config);
    }

    @Test
    void h264IsNamedByTheProfileAndLevelOfItsSequenceParameterSet() {
        assertThat(CodecStrings.of(List.of(video("h264", ANNEX_B)), null)).contains("avc1.640028");
        byte[] avcc = { 1, 0x42, (byte) 0xc0, 0x1e, (byte) 0xff, (byte) 0xe1 };
        assertThat(CodecStrings.of(List.of(video("h264", avcc)), null)).contains("avc1.42C01E");
    }

    @Test
    void aCameraThatSendsItsParameterSetsInBandIsNamedFromItsFirstKeyframe() {
        byte[] keyframe = new byte[ANNEX_B.length + 6];
        System.arraycopy(ANNEX_B, 0, keyframe, 0, ANNEX_B.length);
        System.arraycopy(new byte[] { 0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84 }, 0, keyframe, ANNEX_B.length, 6);

        assertThat(CodecStrings.of(List.of(video("h264", new byte[0])), ByteBuffer.wrap(keyframe)))
                .contains("avc1.640028");
        assertThat(CodecStrings.of(List.of(video("h264", new byte[0])), null)).isEmpty();
    }

    @Test
    void hevcIsNamedAsIso14496Part15Spells_it() {
        // hvcC: version 1; Main profile (1), main tier, compatibility flags 0x60000000 (profiles 1 and 2),
        // progressive and frame-only constraint flags, level 93 (3.1).
        byte[] hvcc = { 1, 0x01, 0x60, 0, 0, 0, (byte) 0x90, 0, 0, 0, 0, 0, 93, (byte) 0xf0, 0 };
        assertThat(CodecStrings.of(List.of(video("hevc", hvcc)), null)).contains("hev1.1.6.L93.90");

        // The same in an Annex B SPS, with an emulation prevention byte among the zero constraint bytes.
        byte[] sps = { 0, 0, 0, 1, 0x42, 0x01, 0x01, 0x01, 0x60, 0, 0, 0x03, 0, (byte) 0x90, 0, 0, 0x03, 0, 0, 0, 93,
                (byte) 0xa0 };
        assertThat(CodecStrings.of(List.of(video("hevc", sps)), null)).contains("hev1.1.6.L93.90");
    }

    @Test
    void aacIsNamedByItsAudioObjectType() {
        assertThat(CodecStrings.of(List.of(video("h264", ANNEX_B), aac(new byte[] { 0x12, 0x10 })), null))
                .contains("avc1.640028,mp4a.40.2");
        assertThat(CodecStrings.aac(new byte[] { 0x2b, (byte) 0x92 })).contains("mp4a.40.5");
    }

    @Test
    void streamsThatCannotBeNamedLeaveTheParameterOut() {
        assertThat(CodecStrings.of(List.of(video("mjpeg", new byte[0])), null)).isEmpty();
        assertThat(CodecStrings.of(List.of(video("h264", ANNEX_B), aac(new byte[0])), null)).isEmpty();
        assertThat(CodecStrings.of(List.of(), null)).isEmpty();
    }
}
