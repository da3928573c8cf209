package org.osprey.device.stream.internal.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sequence parameter sets written by libx264 and libx265 (ffmpeg CLI), read back to the encoded size. */
class VideoSizeTest {

    @ParameterizedTest
    @CsvSource({
        // High profile with cropping (1088 coded lines) and the high-profile fields.
        "67640028acd940780227e5c044000003000400000300783c60c658, 1920, 1080",
        "6742c00cd9016096c044000003000400000300783c50a920, 352, 288"})
    void readsH264PictureSizes(String sps, int width, int height) {
        assertThat(VideoSize.ofH264(HexFormat.of().parseHex(sps))).isEqualTo(new VideoSize(width, height));
    }

    @ParameterizedTest
    @CsvSource({
        "42010101600000030090000003000003005da00280802d165959a4932bc05a020000030002000003001e10, 1280, 720",
        "420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000784, 1920, 1080"})
    void readsH265PictureSizes(String sps, int width, int height) {
        assertThat(VideoSize.ofH265(HexFormat.of().parseHex(sps))).isEqualTo(new VideoSize(width, height));
    }

    @ParameterizedTest
    @CsvSource({"67640028ac", "6742"})
    void refusesAParameterSetCutShort(String sps) {
        assertThatThrownBy(() -> VideoSize.ofH264(HexFormat.of().parseHex(sps)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
