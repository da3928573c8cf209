package org.osprey.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.distribution.OspreyServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.osprey.sdk.test.RtspTestServer;

/**
 * The media endpoints of the running distribution against a real RTSP camera: live video as fragmented
 * MP4 from a keyframe, playback from an arbitrary recorded instant starting within one GOP before it,
 * snapshots that decode, and who may see what.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = "media-operator";
    private static final String LIMITED = "media-limited";
    private static final String PASSWORD = "media-operator-password";
    /** The test camera's picture (rtsp-test-server.py defaults). */
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;

    private RtspTestServer cameras;
    private OspreyServer server;
    private HttpClient http;
    private String admin;
    private String cameraA;
    private String cameraB;

    @BeforeAll
    void start() throws Exception {
        cameras = RtspTestServer.start(0);
        server = OspreyServer.unpack("media");
        server.configure("org.osprey.recording.cfg", "segmentSeconds", "4");
        server.start();
        http = server.trustingOwnAuthority();
        admin = server.login(OspreyServer.ADMIN, OspreyServer.PASSWORD);
        cameraA = addCamera("Entrance");
        cameraB = addCamera("Yard");
        addOperator(OPERATOR, 0);
        addOperator(LIMITED, 1);
        waitUntil("camera A records", Duration.ofSeconds(45),
                () -> json(get("/cameras/" + cameraA + "/recording")).path("recording").asBoolean());
    }

    private String addCamera(String name) throws Exception {
        HttpResponse<String> added = server.post("/devices", """
                {"name": "%s", "type": "osprey.stream", "configuration": {"url": "%s"}}"""
                .formatted(name, cameras.url("/h264")));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        return json(added).get("id").asText();
    }

    /** An operator with live, playback and snapshot rights on camera A only. */
    private void addOperator(String name, int ageLimitMinutes) throws Exception {
        HttpResponse<String> added = server.post("/users", """
                {"name": "%s", "role": "OPERATOR", "password": "%s",
                 "rights": {"cameras": {"%s": ["ACCESS", "PLAYBACK"]}, "system": ["SNAPSHOT"],
                            "recordingAgeLimitMinutes": %d}}""".formatted(name, PASSWORD, cameraA, ageLimitMinutes));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (cameras != null) {
            cameras.close();
        }
    }

    @Test
    @Order(1)
    void liveVideoIsFragmentedMp4ThatStartsWithAKeyframe() throws Exception {
        Media live = media(admin, "/media/cameras/" + cameraA + "/live", Duration.ofSeconds(3));

        assertThat(live.status).as(live.text()).isEqualTo(200);
        assertThat(live.headers.firstValue("Content-Type").orElseThrow()).startsWith("video/mp4; codecs=\"avc1.");
        assertThat(live.headers.firstValue("X-Osprey-Start")).isPresent();
        JsonNode probe = ffprobe(live.save("live.mp4"));
        assertThat(probe.at("/streams/0/codec_name").asText()).isEqualTo("h264");
        assertThat(probe.at("/streams/0/width").asInt()).isEqualTo(WIDTH);
        assertThat(probe.get("packets")).as("about 3 s at 15 fps").hasSizeGreaterThan(15);
        assertThat(probe.at("/packets/0/flags").asText()).startsWith("K");
        assertOneSamplePerPicture(probe);

        waitUntil("the live stream is audited", Duration.ofSeconds(10), () -> audited("live-stream", OspreyServer.ADMIN));
    }

    @Test
    @Order(1)
    void liveAndRecordedVideoPlayInABrowserThroughMediaSourceExtensions() throws Exception {
        waitUntil("6 s of camera A are recorded", Duration.ofSeconds(60), () -> recordedSeconds(cameraA) >= 6);
        Media live = media(admin, "/media/cameras/" + cameraA + "/live", Duration.ofSeconds(3));
        Media recorded = media(admin, "/media/cameras/" + cameraA + "/playback?at=" + Instant.now().minusSeconds(5),
                Duration.ofSeconds(2));

        for (Media media : List.of(live, recorded)) {
            assertThat(media.status).as(media.text()).isEqualTo(200);
            Chromium.Played played = Chromium.playMse(media.headers.firstValue("Content-Type").orElseThrow(),
                    media.bytes, Path.of("target", "it", "browser"));
            assertThat(played.result()).startsWith("loaded");
            assertThat(played.width()).isEqualTo(WIDTH);
            assertThat(played.height()).isEqualTo(HEIGHT);
            assertThat(played.bufferedSeconds()).as(played.result()).isGreaterThan(1.0);
        }
    }

    @Test
    @Order(2)
    void playbackFromAnArbitraryInstantStartsAtTheKeyframeWithinOneGopBeforeIt() throws Exception {
        waitUntil("12 s of camera A are recorded", Duration.ofSeconds(60), () -> recordedSeconds(cameraA) >= 12);
        List<Instant> keyframes = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        Instant last = null;
        for (JsonNode segment : json(get("/cameras/" + cameraA + "/segments?from=" + Instant.now().minusSeconds(3600)
                + "&to=" + Instant.now().plusSeconds(60)))) {
            segment.get("keyframes").forEach(k -> keyframes.add(Instant.parse(k.asText())));
            starts.add(Instant.parse(segment.get("start").asText()));
            last = Instant.parse(segment.get("end").asText());
        }
        long spanMillis = Duration.between(starts.get(0), last).toMillis();
        Instant random = starts.get(0).plusMillis(1000 + new Random().nextInt((int) (spanMillis - 5000)));
        // An instant just after a segment starts, where a keyframe may also end the segment before.
        Instant nearCut = starts.get(1).plusMillis(400);
        for (Instant at : List.of(random, nearCut)) {
            playsFromTheKeyframeBefore(at, keyframes);
        }
    }

    private void playsFromTheKeyframeBefore(Instant at, List<Instant> keyframes) throws Exception {
        Instant end = at.plusSeconds(3);
        Instant expected = keyframes.stream().filter(k -> !k.isAfter(at)).max(Instant::compareTo).orElseThrow();
        Instant next = keyframes.stream().filter(k -> k.isAfter(at)).min(Instant::compareTo).orElseThrow();

        Media playback = media(admin, "/media/cameras/" + cameraA + "/playback?at=" + at + "&end=" + end,
                Duration.ofSeconds(30));

        assertThat(playback.status).as(playback.text()).isEqualTo(200);
        assertThat(playback.complete).as("ends at the end asked for").isTrue();
        Instant start = Instant.parse(playback.headers.firstValue("X-Osprey-Start").orElseThrow());
        JsonNode probe = ffprobe(playback.save("playback.mp4"));
        assertThat(probe.at("/packets/0/flags").asText()).startsWith("K");
        Instant firstFrame = start.plusNanos((long) (probe.at("/packets/0/pts_time").asDouble() * 1e9));
        assertThat(Duration.between(firstFrame, expected).abs()).as("the first frame is the keyframe at or before "
                + at + ": " + expected).isLessThanOrEqualTo(Duration.ofMillis(2));
        assertThat(firstFrame).as("within the GOP before the instant").isBeforeOrEqualTo(at).isBefore(next);
        assertOneSamplePerPicture(probe);
        JsonNode packets = probe.get("packets");
        Instant lastFrame = start.plusNanos((long) (packets.get(packets.size() - 1).get("pts_time").asDouble() * 1e9));
        assertThat(lastFrame).as("up to the end asked for").isBefore(end).isAfter(end.minusMillis(250));
        assertThat(audited("playback-stream", OspreyServer.ADMIN)).isTrue();
    }

    @Test
    @Order(3)
    void snapshotsAreJpegsOfTheCamerasSize() throws Exception {
        Media live = media(admin, "/media/cameras/" + cameraA + "/snapshot", Duration.ofSeconds(30));
        assertThat(live.status).as(live.text()).isEqualTo(200);
        assertThat(live.headers.firstValue("Content-Type")).hasValue("image/jpeg");
        assertSize(live.bytes);

        Instant at = Instant.now().minusSeconds(8);
        Media recorded = media(admin, "/media/cameras/" + cameraA + "/snapshot?at=" + at, Duration.ofSeconds(30));
        assertThat(recorded.status).as(recorded.text()).isEqualTo(200);
        assertThat(Instant.parse(recorded.headers.firstValue("X-Osprey-Time").orElseThrow())).isBeforeOrEqualTo(at)
                .isAfter(at.minusSeconds(2));
        assertSize(recorded.bytes);
    }

    @Test
    @Order(4)
    void anOperatorWatchesTheCameraItHasRightsForAndGets403ForAnother() throws Exception {
        String token = server.login(OPERATOR, PASSWORD);
        Instant at = Instant.now().minusSeconds(8);
        assertThat(media(token, "/media/cameras/" + cameraA + "/live", Duration.ofSeconds(1)).status).isEqualTo(200);
        assertThat(media(token, "/media/cameras/" + cameraA + "/playback?at=" + at + "&end=" + at.plusSeconds(1),
                Duration.ofSeconds(30)).status).isEqualTo(200);
        assertThat(media(token, "/media/cameras/" + cameraA + "/snapshot", Duration.ofSeconds(30)).status).isEqualTo(200);

        for (String path : List.of("/live", "/playback", "/playback?at=" + at, "/snapshot", "/snapshot?at=" + at)) {
            Media refused = media(token, "/media/cameras/" + cameraB + path, Duration.ofSeconds(30));
            assertThat(refused.status).as(path).isEqualTo(403);
            assertThat(refused.headers.firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        }
    }

    @Test
    @Order(5)
    void theRecordingAgeLimitRefusesOlderPlaybackAndAllowsNewer() throws Exception {
        String token = server.login(LIMITED, PASSWORD);
        Instant old = Instant.now().minusSeconds(120);
        assertThat(media(token, "/media/cameras/" + cameraA + "/playback?at=" + old, Duration.ofSeconds(30)).status)
                .isEqualTo(403);
        assertThat(media(token, "/media/cameras/" + cameraA + "/snapshot?at=" + old, Duration.ofSeconds(30)).status)
                .isEqualTo(403);
        Instant recent = Instant.now().minusSeconds(8);
        Media allowed = media(token, "/media/cameras/" + cameraA + "/playback?at=" + recent + "&end="
                + recent.plusSeconds(1), Duration.ofSeconds(30));
        assertThat(allowed.status).as(allowed.text()).isEqualTo(200);
        assertThat(ffprobe(allowed.save("limited.mp4")).at("/packets/0/flags").asText()).startsWith("K");
    }

    @Test
    @Order(6)
    void anonymousCallersGet401Everywhere() throws Exception {
        Instant at = Instant.now().minusSeconds(8);
        for (String path : List.of("/live", "/playback", "/playback?at=" + at, "/snapshot", "/snapshot?at=" + at)) {
            for (String camera : List.of(cameraA, cameraB, "no-such-camera")) {
                Media refused = media(null, "/media/cameras/" + camera + path, Duration.ofSeconds(30));
                assertThat(refused.status).as(camera + path).isEqualTo(401);
                assertThat(refused.headers.allValues("WWW-Authenticate")).isNotEmpty();
            }
        }
    }

    @Test
    @Order(7)
    void theServerLoggedNoErrorsForAnyOfThis() throws Exception {
        List<String> errors = Files.readAllLines(server.home.resolve("data/log/karaf.log")).stream()
                .filter(line -> line.contains("ERROR") && line.contains("org.osprey.media")).toList();
        assertThat(errors).isEmpty();
    }

    // ---- helpers ----

    /** A media answer: status, headers, and the bytes read before the time was up or the stream ended. */
    private record Media(int status, HttpHeaders headers, byte[] bytes, boolean complete) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Path save(String name) throws IOException {
            Path dir = Path.of("target", "it", "media-files");
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), bytes);
        }
    }

    /** Reads a media endpoint for at most the given time, then hangs up as a viewer does. */
    private Media media(String token, String path, Duration readFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.api(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + readFor.toNanos();
        boolean complete = false;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[65536];
            while (System.nanoTime() < deadline) {
                int n = in.read(buffer);
                if (n < 0) {
                    complete = true;
                    break;
                }
                bytes.write(buffer, 0, n);
            }
        }
        return new Media(response.statusCode(), response.headers(), bytes.toByteArray(), complete);
    }

    private HttpResponse<String> get(String path) {
        try {
            return server.as(admin, HttpRequest.newBuilder(server.api(path)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private boolean audited(String action, String user) {
        for (JsonNode entry : json(get("/audit?action=" + action + "&user=" + user))) {
            if (entry.get("target").asText().equals(cameraA)) {
                return true;
            }
        }
        return false;
    }

    private double recordedSeconds(String camera) {
        double total = 0;
        for (JsonNode span : json(get("/cameras/" + camera + "/timeline?from=" + Instant.now().minusSeconds(3600)
                + "&to=" + Instant.now().plusSeconds(60))).get("spans")) {
            total += Duration.between(Instant.parse(span.get("start").asText()),
                    Instant.parse(span.get("end").asText())).toMillis() / 1000.0;
        }
        return total;
    }

    /**
     * The test camera's keyframes reach the server as one packet per slice; a sample must hold the whole
     * picture, so samples are a frame apart (15 fps) and never a tick.
     */
    private static void assertOneSamplePerPicture(JsonNode probe) {
        JsonNode packets = probe.get("packets");
        for (int i = 1; i < packets.size(); i++) {
            double gap = packets.get(i).get("pts_time").asDouble() - packets.get(i - 1).get("pts_time").asDouble();
            assertThat(gap).as("between samples " + (i - 1) + " and " + i).isGreaterThan(0.03);
        }
    }

    private static void assertSize(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image).as("a JPEG that decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
    }

    /** Streams and video packets as ffprobe reads them; a stream cut off by hanging up ends in a partial fragment. */
    private static JsonNode ffprobe(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-of", "json", "-show_streams", "-show_packets",
                "-select_streams", "v:0", file.toString()).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffprobe " + file + ": " + err).isZero();
        JsonNode probe = JSON.readTree(out);
        assertThat(probe.path("packets")).as("ffprobe " + file + ": " + err).isNotEmpty();
        return probe;
    }

    private static void waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(250);
        }
    }
}
