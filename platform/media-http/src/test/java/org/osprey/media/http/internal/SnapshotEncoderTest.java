package org.osprey.media.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;

/** One keyframe becomes a JPEG that any reader opens, with the picture's size and tones. */
class SnapshotEncoderTest {

    @Test
    void aCameraKeyframeWithInBandParameterSetsBecomesAJpegOfItsSize() throws Exception {
        TestVideo.Clip clip = TestVideo.annexB(1, false);
        BufferedImage image = decode(SnapshotEncoder.jpeg(clip.streams(), clip.packets(0).get(0)));
        assertThat(image.getWidth()).isEqualTo(TestVideo.WIDTH);
        assertThat(image.getHeight()).isEqualTo(TestVideo.HEIGHT);
        // The test picture's green channel ramps from 4 to 240 over the first 120 rows; limited range left
        // unexpanded would squeeze that to about 200.
        int top = (image.getRGB(TestVideo.WIDTH / 2, 2) >> 8) & 0xFF;
        int bottom = (image.getRGB(TestVideo.WIDTH / 2, 120) >> 8) & 0xFF;
        assertThat(bottom - top).as(top + " to " + bottom).isGreaterThan(220);
    }

    @Test
    void aRecordedKeyframeWithAvccExtradataDecodesToo() throws Exception {
        TestVideo.Clip clip = TestVideo.matroska(1);
        BufferedImage image = decode(SnapshotEncoder.jpeg(clip.streams(), clip.packets(0).get(0)));
        assertThat(image.getWidth()).isEqualTo(TestVideo.WIDTH);
    }

    @Test
    void anMjpegFrameIsAlreadyAJpegAndIsNotDecoded() throws Exception {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        List<CodecParameters> streams = List.of(new CodecParameters(0, MediaKind.VIDEO, "mjpeg", 8, 8, 0, 0, null));
        MediaPacket packet = new MediaPacket(0, 0, 0, 0, true, ByteBuffer.wrap(jpeg));
        assertThat(SnapshotEncoder.jpeg(streams, packet)).isEqualTo(jpeg);
    }

    @Test
    void aPacketThatDoesNotDecodeIsAnError() {
        List<CodecParameters> streams = List.of(new CodecParameters(0, MediaKind.VIDEO, "h264", 320, 240, 0, 0, null));
        MediaPacket garbage = new MediaPacket(0, 0, 0, 0, true, ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 9, 9, 9}));
        assertThatThrownBy(() -> SnapshotEncoder.jpeg(streams, garbage)).isInstanceOf(IOException.class);
    }

    private static BufferedImage decode(byte[] jpeg) throws IOException {
        assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }
}
