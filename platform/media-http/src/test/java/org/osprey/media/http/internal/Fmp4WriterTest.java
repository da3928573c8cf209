package org.osprey.media.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.media.MediaPacket;

/** The fragmented MP4 the media endpoints send, checked by ffprobe rather than by the code that wrote it. */
class Fmp4WriterTest {

    private static final long START = 1_700_000_000_000_000L;
    private static TestVideo.Clip camera;
    private static TestVideo.Clip recorded;

    @TempDir
    Path dir;

    @BeforeAll
    static void clips() throws Exception {
        camera = TestVideo.annexB(60, false);
        recorded = TestVideo.matroska(60);
    }

    @Test
    void cameraPacketsWithInBandParameterSetsBecomeAValidFragmentedMp4StartingWithAKeyframe() throws Exception {
        Path file = write(camera.packets(START), camera, 0);

        JsonNode probe = Ffprobe.probe(file);
        assertThat(probe.at("/format/format_name").asText()).contains("mp4");
        JsonNode video = probe.at("/streams/0");
        assertThat(video.get("codec_name").asText()).isEqualTo("h264");
        assertThat(video.get("width").asInt()).isEqualTo(TestVideo.WIDTH);
        assertThat(video.get("height").asInt()).isEqualTo(TestVideo.HEIGHT);
        JsonNode packets = probe.get("packets");
        assertThat(packets).hasSize(60);
        assertThat(packets.get(0).get("flags").asText()).startsWith("K");
        assertThat(packets.get(0).get("pts_time").asDouble()).isZero();
        assertThat(packets.get(59).get("pts_time").asDouble()).isCloseTo(59 * 0.04, org.assertj.core.data.Offset.offset(0.001));
        assertThat(boxes(Files.readAllBytes(file))).startsWith("ftyp", "moov").contains("moof", "mdat");
    }

    @Test
    void recordedPacketsWithAvccExtradataAreWrittenAsTheyAre() throws Exception {
        Path file = write(recorded.packets(START), recorded, 0);

        JsonNode probe = Ffprobe.probe(file);
        assertThat(probe.at("/streams/0/codec_name").asText()).isEqualTo("h264");
        assertThat(probe.get("packets")).hasSize(60);
        assertThat(probe.at("/packets/0/flags").asText()).startsWith("K");
    }

    @Test
    void aStreamJoinedMidGopStartsAtTheNextKeyframeWhichIsMediaTimeZero() throws Exception {
        List<MediaPacket> packets = camera.packets(START);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long origin;
        try (Fmp4Writer writer = Fmp4Writer.create(camera.streams(), out, 0)) {
            for (MediaPacket packet : packets.subList(5, packets.size())) {
                writer.write(packet);
            }
            writer.finish();
            origin = writer.originMicros();
        }
        assertThat(origin).isEqualTo(START + TestVideo.GOP * TestVideo.FRAME_MICROS);
        Path file = dir.resolve("joined.mp4");
        Files.write(file, out.toByteArray());
        JsonNode probe = Ffprobe.probe(file);
        assertThat(probe.get("packets")).hasSize(60 - TestVideo.GOP);
        assertThat(probe.at("/packets/0/flags").asText()).startsWith("K");
    }

    @Test
    void aLiveFragmentDurationCutsFragmentsBetweenKeyframesSoViewersDoNotWaitAGop() throws Exception {
        byte[] atKeyframes = Files.readAllBytes(write(camera.packets(START), camera, 0));
        byte[] live = Files.readAllBytes(write(camera.packets(START), camera, 100_000));

        long keyframes = camera.keyframes().stream().filter(k -> k).count();
        assertThat(boxes(atKeyframes).stream().filter("moof"::equals).count()).isEqualTo(keyframes);
        assertThat(boxes(live).stream().filter("moof"::equals).count()).isGreaterThanOrEqualTo(60 / 3);
        assertThat(Ffprobe.probe(dir.resolve("live.mp4")).get("packets")).hasSize(60);
    }

    @Test
    void aPictureDeliveredAsSeveralPacketsBecomesOneSample() throws Exception {
        List<MediaPacket> split = TestVideo.splitKeyframes(camera.packets(START));
        assertThat(split).hasSize(60 + 3);
        Path file = write(split, camera, 0);

        JsonNode packets = Ffprobe.probe(file).get("packets");
        assertThat(packets).hasSize(60);
        assertThat(packets.get(0).get("flags").asText()).startsWith("K");
        assertThat(packets.get(25).get("flags").asText()).startsWith("K");
        assertThat(packets.get(1).get("pts_time").asDouble()).isCloseTo(0.04, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void aClientThatGoesAwayEndsTheWriterWithTheOutputsOwnException() throws Exception {
        IOException gone = new IOException("client went away");
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw gone;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw gone;
            }
        };
        try (Fmp4Writer writer = Fmp4Writer.create(camera.streams(), broken, 0)) {
            assertThatThrownBy(() -> {
                for (MediaPacket packet : camera.packets(START)) {
                    writer.write(packet);
                }
            }).isSameAs(gone);
        }
    }

    @Test
    void manyWritersAtOnceEachGetTheirOwnBytes() throws Exception {
        List<ByteArrayOutputStream> outputs = new ArrayList<>();
        List<Fmp4Writer> writers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            outputs.add(out);
            writers.add(Fmp4Writer.create(camera.streams(), out, 0));
        }
        for (MediaPacket packet : camera.packets(START)) {
            for (Fmp4Writer writer : writers) {
                writer.write(packet);
            }
        }
        for (Fmp4Writer writer : writers) {
            writer.finish();
            writer.close();
        }
        assertThat(outputs).allSatisfy(o -> assertThat(o.toByteArray()).isEqualTo(outputs.get(0).toByteArray()));
    }

    private Path write(List<MediaPacket> packets, TestVideo.Clip clip, long fragmentMicros) throws IOException {
        Path file = dir.resolve(fragmentMicros > 0 ? "live.mp4" : "stream.mp4");
        try (OutputStream out = Files.newOutputStream(file); Fmp4Writer writer = Fmp4Writer.create(clip.streams(),
                out, fragmentMicros)) {
            for (MediaPacket packet : packets) {
                writer.write(packet);
            }
            writer.finish();
            assertThat(writer.originMicros()).isEqualTo(packets.get(0).dtsMicros());
        }
        return file;
    }

    /** The top-level MP4 boxes in order. */
    static List<String> boxes(byte[] mp4) {
        List<String> names = new ArrayList<>();
        int at = 0;
        while (at + 8 <= mp4.length) {
            long size = ((mp4[at] & 0xFFL) << 24) | ((mp4[at + 1] & 0xFF) << 16) | ((mp4[at + 2] & 0xFF) << 8)
                    | (mp4[at + 3] & 0xFF);
            names.add(new String(mp4, at + 4, 4, StandardCharsets.US_ASCII));
            if (size < 8) {
                break;
            }
            at += (int) size;
        }
        return names;
    }
}
