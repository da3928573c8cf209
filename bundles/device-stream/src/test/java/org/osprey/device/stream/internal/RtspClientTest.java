package org.osprey.device.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.device.stream.internal.rtsp.RtspClient;
import org.osprey.sdk.test.RtspTestServer;

/**
 * The RTSP client against GStreamer's RTSP server on 127.0.0.1 (15 fps, GOP of one second), checked
 * against what FFmpeg's RTSP demuxer makes of the same mounts.
 */
class RtspClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int FPS = 15;
    private static final LongSupplier CLOCK = RtspClientTest::nowMicros;
    private static RtspTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        FfmpegLogCapture.install();
        server = RtspTestServer.start(0);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private static RtspClient open(String url) throws Exception {
        return RtspClient.open(url, null, null, TIMEOUT, CLOCK);
    }

    /** Reads until the video stream has had {@code keyframes} keyframes; bounded by a packet count. */
    private static List<MediaPacket> read(MediaConnection connection, int video, int keyframes) throws IOException {
        List<MediaPacket> packets = new ArrayList<>();
        int seen = 0;
        while (seen < keyframes && packets.size() < 2000) {
            MediaPacket packet = connection.next();
            assertThat(packet).as("packet %d", packets.size()).isNotNull();
            packets.add(packet);
            if (packet.streamIndex() == video && packet.keyframe()) {
                seen++;
            }
        }
        return packets;
    }

    private static byte[] bytes(MediaPacket packet) {
        byte[] data = new byte[packet.size()];
        packet.data().duplicate().get(data);
        return data;
    }

    /** NAL unit types in an Annex B access unit. */
    private static List<Integer> nalTypes(byte[] unit, boolean h265) {
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i + 3 < unit.length; i++) {
            if (unit[i] == 0 && unit[i + 1] == 0 && unit[i + 2] == 1) {
                int header = unit[i + 3] & 0xff;
                types.add(h265 ? header >> 1 & 0x3f : header & 0x1f);
                i += 3;
            }
        }
        return types;
    }

    @ParameterizedTest
    @CsvSource({"/h264, h264, 7, 8, 5, 5", "/h265, hevc, 33, 34, 16, 21"})
    void deliversWholePicturesWithTheCamerasGopAndDescribesThemAsFfmpegDoes(String mount, String codec, int sps,
            int pps, int firstIntra, int lastIntra) throws Exception {
        boolean h265 = codec.equals("hevc");
        List<MediaPacket> packets;
        CodecParameters video;
        try (RtspClient client = open(server.url(mount))) {
            assertThat(client.streams()).hasSize(1);
            video = client.streams().get(0);
            packets = read(client, 0, 4);
            assertThat(client.packetsLost()).isZero();
            assertThat(client.frameRate()).isCloseTo(FPS, within(0.5));
        }
        assertThat(video.codec()).isEqualTo(codec);
        assertThat(video.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(video.width()).isEqualTo(640);
        assertThat(video.height()).isEqualTo(360);
        assertThat(nalTypes(video.extradata(), h265)).contains(sps, pps);
        assertThat(video.extradata()).startsWith(0, 0, 0, 1);

        // One packet per picture: every packet has a time of its own, 1/15 s after the one before.
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).dtsMicros() - packets.get(i - 1).dtsMicros()).as("step before picture %d", i)
                    .isCloseTo(1_000_000L / FPS, within(2_000L));
        }
        List<Integer> keyframes = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            MediaPacket packet = packets.get(i);
            byte[] unit = bytes(packet);
            assertThat(unit).startsWith(0, 0, 0, 1);
            List<Integer> types = nalTypes(unit, h265);
            if (packet.keyframe()) {
                keyframes.add(i);
                assertThat(types).as("keyframe %d decodes on its own", i).contains(sps, pps)
                        .anyMatch(t -> t >= firstIntra && t <= lastIntra);
            } else {
                assertThat(types).noneMatch(t -> t >= firstIntra && t <= lastIntra);
            }
        }
        for (int k = 1; k < keyframes.size(); k++) {
            assertThat(keyframes.get(k) - keyframes.get(k - 1)).as("pictures per GOP").isEqualTo(FPS);
        }
        MediaPacket keyframe = packets.get(keyframes.get(0));
        assertThat(decodedWidth(video, bytes(keyframe))).as("the keyframe alone decodes with the extradata")
                .isEqualTo(640);

        try (StreamConnection ffmpeg = StreamConnection.open(settings(server.url(mount), Map.of()), CLOCK)) {
            CodecParameters theirs = ffmpeg.streams().get(0);
            assertThat(List.of(video.codec(), video.width(), video.height()))
                    .isEqualTo(List.of(theirs.codec(), theirs.width(), theirs.height()));
            assertThat(video.extradata()).isEqualTo(theirs.extradata());
        }
    }

    @ParameterizedTest
    @CsvSource({"/h264-audio, aac, 16000, 64000", "/h264-g711, pcm_mulaw, 8000, 20000"})
    void deliversAudioNextToVideoOnOneTimeLine(String mount, String codec, int sampleRate, long durationMicros)
            throws Exception {
        List<MediaPacket> packets;
        List<CodecParameters> streams;
        try (RtspClient client = open(server.url(mount))) {
            streams = client.streams();
            packets = read(client, 0, 3);
        }
        assertThat(streams).extracting(CodecParameters::kind).containsExactly(MediaKind.VIDEO, MediaKind.AUDIO);
        CodecParameters audio = streams.get(1);
        assertThat(audio.codec()).isEqualTo(codec);
        assertThat(audio.sampleRate()).isEqualTo(sampleRate);
        assertThat(audio.channels()).isEqualTo(1);

        List<MediaPacket> sound = packets.stream().filter(p -> p.streamIndex() == 1).toList();
        List<MediaPacket> pictures = packets.stream().filter(p -> p.streamIndex() == 0).toList();
        assertThat(sound).hasSizeGreaterThan(10);
        assertThat(sound).allSatisfy(p -> {
            assertThat(p.durationMicros()).isEqualTo(durationMicros);
            assertThat(p.keyframe()).isTrue();
        });
        // Evenly spaced, but for the one step where the camera's sender reports line audio up with video.
        long[] steps = new long[sound.size() - 1];
        for (int i = 1; i < sound.size(); i++) {
            steps[i - 1] = sound.get(i).dtsMicros() - sound.get(i - 1).dtsMicros();
        }
        java.util.Arrays.sort(steps);
        assertThat(steps[steps.length / 2]).isCloseTo(durationMicros, within(1_000L));
        assertThat(steps[0]).isPositive();
        assertThat(java.util.Arrays.stream(steps).filter(s -> Math.abs(s - durationMicros) > 1_000L).count())
                .isLessThanOrEqualTo(1);
        // Both streams cover the same stretch of the camera's time.
        long soundSpan = sound.get(sound.size() - 1).dtsMicros() - sound.get(0).dtsMicros();
        long pictureSpan = pictures.get(pictures.size() - 1).dtsMicros() - pictures.get(0).dtsMicros();
        assertThat(Math.abs(sound.get(0).dtsMicros() - pictures.get(0).dtsMicros())).isLessThan(1_000_000L);
        assertThat(soundSpan).isCloseTo(pictureSpan, within(1_000_000L));

        try (StreamConnection ffmpeg = StreamConnection.open(settings(server.url(mount), Map.of()), CLOCK)) {
            CodecParameters theirs = ffmpeg.streams().stream().filter(s -> s.kind() == MediaKind.AUDIO).findFirst()
                    .orElseThrow();
            assertThat(List.of(audio.codec(), audio.sampleRate(), audio.channels()))
                    .isEqualTo(List.of(theirs.codec(), theirs.sampleRate(), theirs.channels()));
            assertThat(audio.extradata()).isEqualTo(theirs.extradata());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "digest"})
    void answersTheCamerasChallengeAndReportsRefusedCredentials(String method) throws Exception {
        String password = "Pw:@/%?#& \"x!";
        try (RtspTestServer guarded = RtspTestServer.start(0, "--credentials", "operator:" + password, "--auth",
                method)) {
            String url = guarded.url("/h264");
            try (RtspClient client = RtspClient.open(url, "operator", password, TIMEOUT, CLOCK)) {
                assertThat(read(client, 0, 1)).isNotEmpty();
            }
            for (String[] wrong : new String[][] {{"operator", "Wr0ng-S3cret"}, {null, null}}) {
                assertThatThrownBy(() -> RtspClient.open(url, wrong[0], wrong[1], TIMEOUT, CLOCK))
                        .isInstanceOfSatisfying(OpenException.class, e -> {
                            assertThat(e.unauthorized()).isTrue();
                            assertThat(e.getMessage()).contains("401").doesNotContain("Wr0ng", "S3cret");
                        });
            }
        }
    }

    @Test
    void anUnknownPathAndANonRtspPortAreRefusedWithTheirCause() {
        assertThatThrownBy(() -> open(server.url("/no-such-camera")))
                .isInstanceOfSatisfying(OpenException.class, e -> {
                    assertThat(e.unauthorized()).isFalse();
                    assertThat(e.getMessage()).contains("404");
                });
    }

    @Test
    void leavesMJpegToFfmpeg() {
        assertThatThrownBy(() -> open(server.url("/mjpeg"))).isInstanceOf(RtspClient.UnsupportedStreamException.class)
                .hasMessageContaining("JPEG");
    }

    @Test
    void aServerThatGoesAwayEndsTheStream() throws Exception {
        RtspTestServer own = RtspTestServer.start(0);
        try (own; RtspClient client = open(own.url("/h264"))) {
            assertThat(read(client, 0, 1)).isNotEmpty();
            own.kill();
            MediaPacket packet;
            int after = 0;
            try {
                do {
                    packet = client.next();
                    after++;
                } while (packet != null && after < 1000);
                assertThat(packet).as("the end of the stream").isNull();
            } catch (IOException e) {
                // A reset connection ends it as well.
            }
        }
    }

    private static StreamSettings settings(String url, Map<String, Object> more) {
        Map<String, Object> configuration = new HashMap<>(more);
        configuration.put("url", url);
        return StreamSettings.from(configuration);
    }

    /** Decodes one access unit alone, as snapshots do, and gives the picture's width. */
    private static int decodedWidth(CodecParameters stream, byte[] unit) throws IOException {
        AVCodec codec = avcodec_find_decoder_by_name(stream.codec());
        AVCodecContext context = avcodec_alloc_context3(codec);
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            byte[] extradata = stream.extradata();
            BytePointer buffer = new BytePointer(av_mallocz(extradata.length + 64));
            buffer.put(extradata, 0, extradata.length);
            context.extradata(buffer);
            context.extradata_size(extradata.length);
            context.thread_count(1);
            if (avcodec_open2(context, codec, (AVDictionary) null) < 0) {
                throw new IOException("decoder did not open");
            }
            av_new_packet(packet, unit.length);
            packet.data().position(0).capacity(unit.length).put(unit, 0, unit.length);
            if (avcodec_send_packet(context, packet) < 0 || avcodec_send_packet(context, null) < 0
                    || avcodec_receive_frame(context, frame) < 0) {
                throw new IOException("the keyframe did not decode");
            }
            return frame.width();
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            avcodec_free_context(context);
        }
    }
}
