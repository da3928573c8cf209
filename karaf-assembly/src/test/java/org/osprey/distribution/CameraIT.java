package org.osprey.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.distribution.OspreyServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.osprey.sdk.test.RtspTestServer;

/**
 * A camera served by a real RTSP server on loopback, added to the running distribution through the API,
 * recorded continuously into segment files that ffprobe accepts, and followed through a lost connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CameraIT {

    private RtspTestServer cameras;
    private OspreyServer server;
    private String camera;

    @BeforeAll
    void start() throws Exception {
        cameras = RtspTestServer.start(0);
        server = OspreyServer.unpack("camera");
        server.configure("org.osprey.recording.cfg", "segmentSeconds", "4");
        server.configure("org.osprey.device.simulator.demo.cfg", "createDemoDevices", "true");
        server.start();
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
    @Order(0)
    void aFreshServerStartsWithTwoSimulatedCamerasAndASampleVideoCameraAllRecorded() throws Exception {
        waitUntil("the three demo cameras exist", Duration.ofSeconds(30), () -> json(get("/devices")).size() == 3);
        JsonNode devices = json(get("/devices"));
        List<String> types = new ArrayList<>();
        devices.forEach(d -> types.add(d.get("type").asText()));
        assertThat(types).containsExactlyInAnyOrder("osprey.simulator", "osprey.simulator", "osprey.file");
        for (JsonNode device : devices) {
            String id = device.get("id").asText();
            waitUntil(device.get("name").asText() + " is OK", Duration.ofSeconds(60),
                    () -> json(get("/devices/" + id + "/status")).get("status").asText().equals("OK"));
            waitUntil(device.get("name").asText() + " is recorded", Duration.ofSeconds(60),
                    () -> json(get("/cameras/" + id + "/recording")).path("recording").asBoolean());
        }
    }

    @Test
    @Order(1)
    void aStreamCameraIsRecordedContinuouslyIntoValidSegments() throws Exception {
        var added = server.post("/devices", """
                {"name": "Lobby", "type": "osprey.stream", "configuration": {"url": "%s"}}"""
                .formatted(cameras.url("/h264")));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        camera = json(added).get("id").asText();
        waitUntil("the camera is OK", Duration.ofSeconds(30), () -> status().equals("OK"));
        waitUntil("the camera records", Duration.ofSeconds(30),
                () -> json(get("/cameras/" + camera + "/recording")).path("recording").asBoolean());
        waitUntil("10 s are recorded", Duration.ofSeconds(60), () -> recordedSeconds() >= 10);

        JsonNode timeline = timeline();
        assertThat(timeline.get("spans")).isNotEmpty()
                .allSatisfy(span -> assertThat(span.get("type").asText()).isEqualTo("CONTINUOUS"));

        Path root = Path.of(json(get("/storages")).get(0).get("root").asText());
        JsonNode segments = json(get("/cameras/" + camera + "/segments?from=" + Instant.now().minusSeconds(3600)
                + "&to=" + Instant.now().plusSeconds(60)));
        List<JsonNode> closed = new ArrayList<>();
        segments.forEach(s -> {
            if (!s.get("open").asBoolean()) {
                closed.add(s);
            }
        });
        assertThat(closed).as("4 s segments, cut at keyframes").hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode segment : closed) {
            Path file = root.resolve(segment.get("path").asText());
            assertThat(file).exists();
            double indexed = Duration.between(Instant.parse(segment.get("start").asText()),
                    Instant.parse(segment.get("end").asText())).toMillis() / 1000.0;
            double probed = ffprobeDuration(file);
            assertThat(probed).as("ffprobe duration of " + file).isCloseTo(indexed, org.assertj.core.data.Offset.offset(0.2));
            assertThat(ffprobeTags(file)).contains("OSPREY_CAMERA").contains(camera).contains("CONTINUOUS");
        }
    }

    @Test
    @Order(2)
    void aLostCameraBecomesNotAccessibleLeavesAGapAndIsRecordedAgainWhenBack() throws Exception {
        int port = cameras.port();
        cameras.kill();
        waitUntil("the camera is not accessible", Duration.ofSeconds(30), () -> status().equals("NOT_ACCESSIBLE"));
        Thread.sleep(4000);
        cameras = RtspTestServer.start(port);
        waitUntil("the camera is OK again", Duration.ofSeconds(45), () -> status().equals("OK"));
        waitUntil("the gap is closed and recording goes on", Duration.ofSeconds(45), () -> {
            JsonNode t = timeline();
            for (JsonNode gap : t.get("gaps")) {
                if (gap.get("cause").asText().equals("CAMERA_LOST") && !gap.path("end").isNull()
                        && t.get("spans").size() >= 2) {
                    return true;
                }
            }
            return false;
        });
        JsonNode gap = null;
        for (JsonNode g : timeline().get("gaps")) {
            if (g.get("cause").asText().equals("CAMERA_LOST")) {
                gap = g;
            }
        }
        double gapSeconds = Duration.between(Instant.parse(gap.get("start").asText()),
                Instant.parse(gap.get("end").asText())).toMillis() / 1000.0;
        assertThat(gapSeconds).as("the gap covers the outage").isGreaterThan(3.0);
    }

    @Test
    @Order(3)
    void aManualRecordingShowsOnTheTimelineWithItsPrebufferAndIsAudited() throws Exception {
        var started = server.post("/cameras/" + camera + "/recordings/manual",
                "{\"prebufferSeconds\": 2, \"postbufferSeconds\": 1}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        Instant startedAt = Instant.parse(json(started).get("started").asText());
        Thread.sleep(4000);
        var stopped = server.delete("/cameras/" + camera + "/recordings/manual");
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        waitUntil("the timeline shows the manual recording", Duration.ofSeconds(30), () -> {
            for (JsonNode span : timeline().get("spans")) {
                if (span.get("type").asText().equals("MANUAL")
                        && !Instant.parse(span.get("start").asText()).isAfter(startedAt.minusSeconds(1))) {
                    return true;
                }
            }
            return false;
        });
        assertThat(json(get("/audit?action=manual-recording"))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(4)
    void urlsThatWouldMakeFfmpegReadFilesOrTakeOptionsAreRefused() throws Exception {
        List<String> before = deviceIds();
        for (String url : List.of("file:///etc/passwd", "concat:rtsp://127.0.0.1/a|file:///etc/passwd",
                "subfile,,start,0,end,0,,:/etc/passwd", "-i /etc/passwd", "rtsp://127.0.0.1/../../etc/passwd\\n-f",
                "pipe:0")) {
            var refused = server.post("/devices", """
                    {"name": "Evil", "type": "osprey.stream", "configuration": {"url": %s}}"""
                    .formatted(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(url)));
            assertThat(refused.statusCode()).as(url + ": " + refused.body()).isEqualTo(422);
            assertThat(json(refused).get("errors").has("configuration.url")).isTrue();
        }
        assertThat(deviceIds()).isEqualTo(before);
    }

    private List<String> deviceIds() {
        List<String> ids = new ArrayList<>();
        json(get("/devices")).forEach(d -> ids.add(d.get("id").asText()));
        return ids;
    }

    private String status() {
        return json(get("/devices/" + camera + "/status")).get("status").asText();
    }

    private JsonNode timeline() {
        return json(get("/cameras/" + camera + "/timeline?from=" + Instant.now().minusSeconds(3600) + "&to="
                + Instant.now().plusSeconds(60)));
    }

    private double recordedSeconds() {
        double total = 0;
        for (JsonNode span : timeline().get("spans")) {
            total += Duration.between(Instant.parse(span.get("start").asText()), Instant.parse(span.get("end").asText()))
                    .toMillis() / 1000.0;
        }
        return total;
    }

    private java.net.http.HttpResponse<String> get(String path) {
        try {
            return server.get(path);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double ffprobeDuration(Path file) throws Exception {
        return Double.parseDouble(run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1:nokey=1", file.toString()).trim());
    }

    private static String ffprobeTags(Path file) throws Exception {
        return run("ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "json", file.toString());
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
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
