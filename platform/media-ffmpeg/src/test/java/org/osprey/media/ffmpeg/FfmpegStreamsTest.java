package org.osprey.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_SUBTITLE;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;

class FfmpegStreamsTest {

    private static final byte[] SPS_PPS = {0, 0, 0, 1, 0x67, 0x42, 0, 0x1e, 0, 0, 0, 1, 0x68, (byte) 0xce};

    @Test
    void codecNamesAreFfmpegs() {
        assertThat(FfmpegStreams.codecId("h264")).isEqualTo(AV_CODEC_ID_H264);
        assertThat(FfmpegStreams.codecId("no-such-codec")).isEqualTo(-1);
    }

    @Test
    void videoGoesToFfmpegAndComesBackTheSame() {
        CodecParameters video = new CodecParameters(0, MediaKind.VIDEO, "h264", 640, 360, 0, 0, SPS_PPS);
        assertThat(roundTrip(video, video.extradata())).usingRecursiveComparison().isEqualTo(video);
    }

    @Test
    void audioGoesToFfmpegAndComesBackTheSame() {
        CodecParameters audio = new CodecParameters(1, MediaKind.AUDIO, "aac", 0, 0, 16_000, 1, new byte[] {0x14, 0x08});
        assertThat(roundTrip(audio, audio.extradata())).usingRecursiveComparison().isEqualTo(audio);
    }

    @Test
    void extradataFromElsewhereReplacesTheStreamsOwn() {
        CodecParameters inBand = new CodecParameters(0, MediaKind.VIDEO, "h264", 640, 360, 0, 0, null);
        assertThat(roundTrip(inBand, SPS_PPS).extradata()).isEqualTo(SPS_PPS);
        assertThat(roundTrip(inBand, new byte[0]).extradata()).isEmpty();
    }

    @Test
    void whatIsNeitherVideoNorAudioIsMetadata() {
        AVCodecParameters subtitles = avcodec_parameters_alloc();
        try {
            subtitles.codec_type(AVMEDIA_TYPE_SUBTITLE);
            CodecParameters described = FfmpegStreams.fromFfmpeg(2, subtitles);
            assertThat(described.kind()).isEqualTo(MediaKind.METADATA);
            assertThat(described.index()).isEqualTo(2);
        } finally {
            avcodec_parameters_free(subtitles);
        }
    }

    @Test
    void frameRatesAreZeroWhenUnknown() {
        try (AVRational rate = new AVRational()) {
            assertThat(FfmpegStreams.frameRate(rate.num(30_000).den(1001))).isCloseTo(29.97, within(0.01));
            assertThat(FfmpegStreams.frameRate(rate.num(0).den(1))).isZero();
            assertThat(FfmpegStreams.frameRate(rate.num(25).den(0))).isZero();
        }
    }

    private static CodecParameters roundTrip(CodecParameters stream, byte[] extradata) {
        AVCodecParameters ffmpeg = avcodec_parameters_alloc();
        try {
            FfmpegStreams.toFfmpeg(ffmpeg, stream, extradata);
            return FfmpegStreams.fromFfmpeg(stream.index(), ffmpeg);
        } finally {
            avcodec_parameters_free(ffmpeg);
        }
    }
}
