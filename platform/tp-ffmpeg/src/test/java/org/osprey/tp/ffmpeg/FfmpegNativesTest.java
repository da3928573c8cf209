package org.osprey.tp.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_license;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avutil.av_version_info;
import static org.bytedeco.ffmpeg.global.avutil.avutil_license;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;

/**
 * Proves that the repackaged classes and natives in target/classes load and are the build the product
 * ships: FFmpeg 8.1.2 under the LGPL, with the codecs cameras send.
 */
class FfmpegNativesTest {

    @Test
    void classesComeFromThisBundleNotFromAnotherJar() throws Exception {
        Path classes = Paths.get(System.getProperty("basedir", "."), "target", "classes").toRealPath();
        for (Class<?> type : new Class<?>[] {avutil.class, FFmpegFrameGrabber.class}) {
            Path origin = Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath();
            assertThat(origin).as(type.getName()).isEqualTo(classes);
        }
    }

    @Test
    void nativesLoadAndAreTheLgplBuildOfFfmpeg812() {
        assertThat(av_version_info().getString()).contains("8.1.2");
        assertThat(avutil_license().getString()).startsWith("LGPL");
        assertThat(avcodec_license().getString()).startsWith("LGPL");
    }

    @Test
    void decodersOfCameraCodecsAndTheLgplH264EncoderArePresent() {
        for (String decoder : new String[] {"h264", "hevc", "mjpeg", "aac", "pcm_mulaw", "pcm_alaw"}) {
            assertThat(avcodec_find_decoder_by_name(decoder)).as(decoder).isNotNull();
        }
        assertThat(avcodec_find_encoder_by_name("libopenh264")).isNotNull();
        assertThat(avcodec_find_encoder_by_name("mjpeg")).isNotNull();
        // A GPL encoder here would mean the wrong natives were embedded.
        assertThat(avcodec_find_encoder_by_name("libx264")).isNull();
    }

    @Test
    void demuxersForCameraUrlsArePresent() {
        for (String format : new String[] {"rtsp", "mpjpeg", "matroska", "mp4"}) {
            assertThat(av_find_input_format(format)).as(format).isNotNull();
        }
    }
}
