package org.osprey.device.stream.internal;

import org.osprey.sdk.test.RtspTestServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.device.DeviceStatusInfo;
import org.osprey.api.device.StreamDescriptor;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.MediaSubscription;
import org.osprey.sdk.test.TestDeviceContext;

/**
 * The handler against real RTSP cameras: GStreamer's RTSP server on 127.0.0.1, started from
 * scripts/rtsp-test-server.py for this class. Every wait is bounded.
 */
class StreamDeviceHandlerTest {

    private static final Duration FIRST_PACKETS = Duration.ofSeconds(20);
    private static final String STREAM = "high";
    private static RtspTestServer server;

    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

    /** A handler with its context. */
    private record Device(TestDeviceContext context, DeviceHandler handler) {
        MediaSubscription subscribe(RecordingSink sink) {
            return handler.mediaSource().orElseThrow().subscribe(STREAM, sink);
        }

        DeviceStatus status() {
            return context.lastStatus();
        }
    }

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

    @AfterEach
    void cleanUp() throws Exception {
        while (!cleanup.isEmpty()) {
            cleanup.pop().close();
        }
    }

    private Device device(String url, Map<String, Object> more) {
        Map<String, Object> configuration = new HashMap<>(more);
        configuration.put("url", url);
        TestDeviceContext context = new TestDeviceContext(StreamDeviceDriver.TYPE_ID, configuration);
        cleanup.push(context);
        DeviceHandler handler = new StreamDeviceDriver().createHandler(context);
        cleanup.push(handler::dispose);
        return new Device(context, handler);
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    @ParameterizedTest
    @CsvSource({"/h264, h264", "/h265, hevc", "/mjpeg, mjpeg"})
    void deliversVideoWithKeyframesCodecParametersAndRisingWallClockTimes(String mount, String codec) {
        Device device = device(server.url(mount), Map.of());
        RecordingSink sink = new RecordingSink();
        device.subscribe(sink);
        long before = nowMicros();
        device.handler().initialize();

        waitForAssert(() -> {
            int video = sink.index(MediaKind.VIDEO);
            assertThat(video).isNotNegative();
            assertThat(sink.keyframes(video)).isGreaterThanOrEqualTo(2);
            assertThat(sink.packets(video)).hasSizeGreaterThanOrEqualTo(20);
        }, FIRST_PACKETS);
        long after = nowMicros();

        assertThat(device.status()).isEqualTo(DeviceStatus.OK);
        CodecParameters parameters = sink.streams().get(sink.index(MediaKind.VIDEO));
        assertThat(parameters.codec()).isEqualTo(codec);
        assertThat(parameters.width()).isEqualTo(640);
        assertThat(parameters.height()).isEqualTo(360);

        List<MediaPacket> packets = sink.packets(parameters.index());
        assertThat(packets.get(0).keyframe()).as("first packet is a keyframe").isTrue();
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).dtsMicros()).as("dts of packet %d", i).isGreaterThan(packets.get(i - 1).dtsMicros());
            assertThat(packets.get(i).ptsMicros()).isGreaterThanOrEqualTo(packets.get(i).dtsMicros());
        }
        MediaPacket first = packets.get(0);
        MediaPacket last = packets.get(packets.size() - 1);
        assertThat(first.dtsMicros()).isBetween(before - 2_000_000, after);
        assertThat(last.dtsMicros()).isBetween(before, after + 2_000_000);
        // The camera's spacing survives the mapping: 15 frames per second.
        long[] gaps = new long[packets.size() - 1];
        for (int i = 1; i < packets.size(); i++) {
            gaps[i - 1] = packets.get(i).dtsMicros() - packets.get(i - 1).dtsMicros();
        }
        java.util.Arrays.sort(gaps);
        assertThat(gaps[gaps.length / 2]).as("median frame spacing").isCloseTo(66_667L, within(1_000L));
        assertThat(packets).allSatisfy(p -> assertThat(p.size()).isPositive());

        StreamDescriptor described = device.handler().capabilities().cameras().get(0).streams().get(0);
        assertThat(described.codec()).isEqualTo(codec);
        assertThat(described.width()).isEqualTo(640);
        assertThat(described.height()).isEqualTo(360);
        assertThat(described.frameRate()).isCloseTo(15.0, within(0.5));
        assertThat(sink.overlapped).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"/h264-audio, aac, 16000", "/h264-g711, pcm_mulaw, 8000"})
    void deliversAudioNextToVideoAndStartsAtAVideoKeyframe(String mount, String codec, int sampleRate) {
        Device device = device(server.url(mount), Map.of());
        RecordingSink sink = new RecordingSink();
        device.subscribe(sink);
        device.handler().initialize();

        waitForAssert(() -> {
            assertThat(sink.index(MediaKind.AUDIO)).isNotNegative();
            assertThat(sink.packets(sink.index(MediaKind.AUDIO))).hasSizeGreaterThanOrEqualTo(10);
            assertThat(sink.keyframes(sink.index(MediaKind.VIDEO))).isGreaterThanOrEqualTo(1);
        }, FIRST_PACKETS);

        CodecParameters audio = sink.streams().get(sink.index(MediaKind.AUDIO));
        assertThat(audio.codec()).isEqualTo(codec);
        assertThat(audio.sampleRate()).isEqualTo(sampleRate);
        assertThat(audio.channels()).isEqualTo(1);
        if (codec.equals("aac")) {
            assertThat(audio.extradata()).as("AudioSpecificConfig").isNotEmpty();
        }
        MediaPacket first = sink.sinceStart.get(0);
        assertThat(first.streamIndex()).isEqualTo(sink.index(MediaKind.VIDEO));
        assertThat(first.keyframe()).isTrue();
        List<MediaPacket> sound = sink.packets(audio.index());
        for (int i = 1; i < sound.size(); i++) {
            assertThat(sound.get(i).dtsMicros()).isGreaterThan(sound.get(i - 1).dtsMicros());
        }
        assertThat(device.handler().capabilities().cameras().get(0).audio()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"/h264, tcp, rtsp", "/h264-audio, tcp, rtsp", "/h265, tcp, rtsp", "/mjpeg, tcp, ffmpeg",
        "/h264, udp, ffmpeg"})
    void rtspOverTcpIsReadByTheOwnClientAndWhatItDoesNotReadByFfmpeg(String mount, String transport, String reader) {
        Device device = device(server.url(mount), Map.of("transport", transport));
        RecordingSink sink = new RecordingSink();
        device.subscribe(sink);
        device.handler().initialize();

        waitForAssert(() -> assertThat(sink.keyframes(0)).isGreaterThanOrEqualTo(1), FIRST_PACKETS);
        assertThat(((StreamDeviceHandler) device.handler()).reader()).isEqualTo(reader);
        assertThat(device.status()).isEqualTo(DeviceStatus.OK);
    }

    @Test
    void readsRtspOverUdpToo() {
        Device device = device(server.url("/h264"), Map.of("transport", "udp"));
        RecordingSink sink = new RecordingSink();
        device.subscribe(sink);
        device.handler().initialize();

        waitForAssert(() -> assertThat(sink.packets(0)).hasSizeGreaterThanOrEqualTo(15), FIRST_PACKETS);
        assertThat(sink.packets(0).get(0).keyframe()).isTrue();
        assertThat(device.status()).isEqualTo(DeviceStatus.OK);
    }

    @Test
    void subscribersShareOneConnectionAndALateOneStartsAtAKeyframe() {
        long connectionsBefore = server.connections();
        Device device = device(server.url("/h264"), Map.of());
        RecordingSink early = new RecordingSink();
        MediaSubscription earlySubscription = device.subscribe(early);
        device.handler().initialize();
        waitForAssert(() -> assertThat(early.packets(0)).hasSizeGreaterThanOrEqualTo(5), FIRST_PACKETS);

        RecordingSink late = new RecordingSink();
        device.subscribe(late);
        assertThat(late.starts).as("started on subscription").hasSize(1);
        assertThat(late.streams()).isEqualTo(early.streams());
        waitForAssert(() -> assertThat(late.keyframes(0)).isGreaterThanOrEqualTo(2), FIRST_PACKETS);
        assertThat(late.packets.get(0).keyframe()).isTrue();
        assertThat(server.connections() - connectionsBefore).as("RTSP connections opened").isEqualTo(1);

        earlySubscription.close();
        int earlyCount = early.packets.size();
        int lateCount = late.packets.size();
        waitForAssert(() -> assertThat(late.packets).hasSizeGreaterThan(lateCount + 10), FIRST_PACKETS);
        assertThat(early.packets).hasSize(earlyCount);
        assertThat(early.overlapped || late.overlapped).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mjpeg", "/h264"})
    void disposeClosesTheConnectionAndStopsTheSinks(String mount) {
        Device device = device(server.url(mount), Map.of());
        RecordingSink sink = new RecordingSink();
        device.subscribe(sink);
        device.handler().initialize();
        waitForAssert(() -> assertThat(sink.packets).hasSizeGreaterThanOrEqualTo(5), FIRST_PACKETS);
        long closedBefore = server.closedConnections();

        device.handler().dispose();

        waitForAssert(() -> assertThat(server.closedConnections()).isGreaterThan(closedBefore), Duration.ofSeconds(10));
        // Sinks are called on the delivery executor, so the stop may land a moment after the close.
        waitForAssert(() -> assertThat(sink.stops).containsExactly("device stopped"), Duration.ofSeconds(5));
        int count = sink.packets.size();
        waitForAssert(() -> assertThat(sink.packets).hasSize(count), Duration.ofSeconds(1));
        assertThat(device.status()).isEqualTo(DeviceStatus.OK);
    }

    @Test
    void aDroppedServerMakesTheDeviceNotAccessibleAndARestartedOneBringsItBack() throws Exception {
        RtspTestServer own = RtspTestServer.start(0);
        cleanup.push(own);
        int port = own.port();
        Device device = device(own.url("/h264"), Map.of());
        RecordingSink sink = new RecordingSink();
        device.subscribe(sink);
        device.handler().initialize();
        waitForAssert(() -> assertThat(sink.keyframes(0)).isGreaterThanOrEqualTo(1), FIRST_PACKETS);
        assertThat(device.status()).isEqualTo(DeviceStatus.OK);

        own.kill();
        long killed = System.nanoTime();
        waitForAssert(() -> assertThat(device.status()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE), Duration.ofSeconds(15));
        long noticed = System.nanoTime();
        waitForAssert(() -> assertThat(sink.stops).hasSize(1)
                .allSatisfy(reason -> assertThat(reason).startsWith("connection lost")), Duration.ofSeconds(5));
        assertThat(device.context().statuses().get(device.context().statuses().size() - 1).message())
                .contains("127.0.0.1:" + port + "/h264");

        RtspTestServer again = RtspTestServer.start(port);
        cleanup.push(again);
        long restarted = System.nanoTime();
        // At most one back-off step (30 s) plus a connection.
        waitForAssert(() -> assertThat(device.status()).isEqualTo(DeviceStatus.OK), Duration.ofSeconds(40));
        long back = System.nanoTime();
        waitForAssert(() -> assertThat(sink.keyframes(0)).isGreaterThanOrEqualTo(1), FIRST_PACKETS);
        assertThat(sink.starts).hasSize(2);
        assertThat(sink.sinceStart.get(0).keyframe()).isTrue();
        System.out.printf("drop noticed after %d ms, back %d ms after the restart%n", (noticed - killed) / 1_000_000,
                (back - restarted) / 1_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mjpeg", "/h264"})
    void aStreamThatGoesSilentCountsAsLostAfterTheTimeout(String mount) throws Exception {
        RtspTestServer own = RtspTestServer.start(0);
        cleanup.push(own);
        Device device = device(own.url(mount), Map.of("timeoutSeconds", 2L));
        RecordingSink sink = new RecordingSink();
        device.subscribe(sink);
        device.handler().initialize();
        waitForAssert(() -> assertThat(sink.packets).hasSizeGreaterThanOrEqualTo(5), FIRST_PACKETS);

        own.freeze();
        long frozen = System.nanoTime();
        waitForAssert(() -> assertThat(device.status()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE), Duration.ofSeconds(10));
        long silentFor = (System.nanoTime() - frozen) / 1_000_000;
        assertThat(silentFor).as("ms until a silent stream counts as lost").isBetween(1_500L, 6_000L);

        own.thaw();
        waitForAssert(() -> assertThat(device.status()).isEqualTo(DeviceStatus.OK), Duration.ofSeconds(40));
        waitForAssert(() -> assertThat(sink.starts).hasSize(2), Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "digest"})
    void credentialsWithAnyCharactersReachTheCamera(String method) throws Exception {
        String password = "Pw:@/%?#& \"x!";
        RtspTestServer own = RtspTestServer.start(0, "--credentials", "operator:" + password, "--auth", method);
        cleanup.push(own);
        Device device = device(own.url("/h264"), Map.of("username", "operator", "password", password));
        RecordingSink sink = new RecordingSink();
        device.subscribe(sink);
        device.handler().initialize();

        waitForAssert(() -> assertThat(sink.keyframes(0)).isGreaterThanOrEqualTo(1), FIRST_PACKETS);
        assertThat(device.status()).isEqualTo(DeviceStatus.OK);
    }

    @Test
    void wrongPasswordsAndUrlsNeverShowThePassword() throws Exception {
        String secret = "Wr0ng:S3cret@4711";
        RtspTestServer guarded = RtspTestServer.start(0, "--credentials", "operator:right-one");
        cleanup.push(guarded);
        int closedPort = freePortNobodyListensOn();

        Device wrongPassword = device(guarded.url("/h264"), Map.of("username", "operator", "password", secret));
        Device wrongPath = device(server.url("/no-such-camera"), Map.of("username", "operator", "password", secret));
        Device nobodyThere = device("rtsp://127.0.0.1:" + closedPort + "/h264",
                Map.of("username", "operator", "password", secret));
        for (Device device : List.of(wrongPassword, wrongPath, nobodyThere)) {
            device.handler().initialize();
        }
        // Two attempts each, so the retry path is covered as well.
        for (Device device : List.of(wrongPassword, wrongPath, nobodyThere)) {
            waitForAssert(() -> assertThat(device.context().statuses()).hasSizeGreaterThanOrEqualTo(2),
                    Duration.ofSeconds(30));
        }

        assertThat(wrongPassword.status()).isEqualTo(DeviceStatus.ENTER_PASSWORD);
        assertThat(wrongPath.status()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE);
        assertThat(nobodyThere.status()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE);
        assertThat(lastMessage(wrongPassword)).contains("401");
        assertThat(lastMessage(wrongPath)).contains("404");
        assertThat(lastMessage(nobodyThere)).contains("Connection refused");

        List<String> forms = List.of(secret, StreamUrl.encode(secret), "S3cret");
        for (Device device : List.of(wrongPassword, wrongPath, nobodyThere)) {
            for (DeviceStatusInfo status : device.context().statuses()) {
                assertThat(status.message()).doesNotContain(forms);
            }
            assertThat(device.handler().capabilities().toString()).doesNotContain(forms);
        }
        assertThat(CapturedLog.lines()).noneSatisfy(line -> assertThat(line).containsAnyOf(forms.toArray(String[]::new)));
        assertThat(FfmpegLogCapture.lines()).noneSatisfy(line -> assertThat(line).containsAnyOf(forms.toArray(String[]::new)));
    }

    private static String lastMessage(Device device) {
        List<DeviceStatusInfo> statuses = device.context().statuses();
        return statuses.get(statuses.size() - 1).message();
    }

    private static int freePortNobodyListensOn() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
