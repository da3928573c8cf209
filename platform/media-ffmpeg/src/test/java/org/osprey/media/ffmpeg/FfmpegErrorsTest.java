package org.osprey.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FfmpegErrorsTest {

    @Test
    void takesOnlyTheCodeOutOfJavacvMessagesThatQuoteTheUrl() {
        Exception e = new Exception("avformat_open_input() error -111: Could not open input \"rtsp://op:Secr3t@cam/\".");
        assertThat(FfmpegErrors.codeOf(e)).isEqualTo(-111);
        assertThat(FfmpegErrors.codeOf(new Exception("Could not open input \"rtsp://x\""))).isZero();
        assertThat(FfmpegErrors.codeOf(new Exception())).isZero();
    }

    @Test
    void describesCodesInFfmpegsWords() {
        assertThat(FfmpegErrors.describe(-111)).isEqualTo("Connection refused");
        assertThat(FfmpegErrors.describe(AVERROR_HTTP_UNAUTHORIZED)).contains("401");
        assertThat(FfmpegErrors.describe(0)).isEqualTo("unknown error");
        assertThat(FfmpegErrors.isAuthorizationFailure(AVERROR_HTTP_UNAUTHORIZED)).isTrue();
        assertThat(FfmpegErrors.isAuthorizationFailure(AVERROR_HTTP_FORBIDDEN)).isTrue();
        assertThat(FfmpegErrors.isAuthorizationFailure(AVERROR_HTTP_NOT_FOUND)).isFalse();
    }

    @Test
    void checkSaysWhatFailedWithFfmpegsWordsAndTheCode() throws IOException {
        FfmpegErrors.check(0, "do nothing");
        assertThatThrownBy(() -> FfmpegErrors.check(-111, "connect")).isInstanceOf(IOException.class)
                .hasMessage("FFmpeg could not connect: Connection refused (-111)");
    }
}
