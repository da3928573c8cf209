package org.osprey.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FfmpegPacketsTest {

    private final AVPacket packet = av_packet_alloc();

    @AfterEach
    void free() {
        av_packet_free(packet);
    }

    @Test
    void aFilledPacketGivesItsPayloadAndKeyframeFlagBack() throws IOException {
        ByteBuffer data = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 4}, 1, 3).asReadOnlyBuffer();
        FfmpegPackets.fill(packet, data, true);
        packet.stream_index(1);

        assertThat(FfmpegPackets.payload(packet, 2)).containsExactly(1, 2, 3);
        assertThat(FfmpegPackets.isKeyframe(packet)).isTrue();
        assertThat(data.position()).as("the caller's buffer is left as it was").isEqualTo(1);
        av_packet_unref(packet);

        FfmpegPackets.fill(packet, ByteBuffer.wrap(new byte[] {5}), false);
        assertThat(FfmpegPackets.isKeyframe(packet)).isFalse();
    }

    @Test
    void packetsOfOtherStreamsAndEmptyOnesHaveNoPayload() throws IOException {
        FfmpegPackets.fill(packet, ByteBuffer.wrap(new byte[] {1, 2}), false);
        packet.stream_index(2);
        assertThat(FfmpegPackets.payload(packet, 2)).isNull();
        packet.stream_index(-1);
        assertThat(FfmpegPackets.payload(packet, 2)).isNull();
        av_packet_unref(packet);

        packet.stream_index(0);
        assertThat(FfmpegPackets.payload(packet, 2)).isNull();
    }
}
