package org.osprey.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.osprey.distribution.OspreyServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.osprey.sdk.test.RtspTestServer;

/**
 * The recording engine's acceptance on the real distribution: eight cameras from real RTSP servers on
 * loopback, in H.264, H.265 and M-JPEG, recorded into 3 s segments. One server start serves the points in
 * this order, each on what the one before left: continuous recording that covers the wall time; a plugin
 * feature installed, updated and uninstalled without a gap; a small storage that fills up and deletes its
 * oldest unlocked recordings; {@code kill -9} with a consistent index afterwards; and last, because it
 * loses the cameras' configuration too, the database deleted and the index rebuilt from the files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEGMENT_SECONDS = 3;
    /** The small storage: a tmpfs of this size with this reserve leaves about 15 MB for recordings. */
    private static final String SMALL_SIZE = "20m";
    private static final int RESERVE_MEGABYTES = 4;
    private static final String DUMMY_FEATURE = "osprey-sample-device-dummy";
    private static final String DUMMY_BUNDLE = "org.osprey.sample.device.dummy";

    private record Camera(String id, String name, String mount, String codec) {
    }

    private RtspTestServer cameras;
    /** A 720p M-JPEG camera, about 2.3 Mbit/s, which fills the small storage within a minute. */
    private RtspTestServer dockCameras;
    private OspreyServer server;
    private Path smallRoot;
    private String noSmallStorage;
    private final List<Camera> all = new ArrayList<>();
    private final List<Camera> onMain = new ArrayList<>();
    private Camera dock;
    /** When every camera recorded in its final storage; what the tests look at starts here. */
    private Instant origin;
    /** The dock's segments when its lock was placed: oldest unlocked, locked, next unlocked. */
    private JsonNode beforeLock;
    private JsonNode locked;
    private JsonNode afterLock;

    @BeforeAll
    void start() throws Exception {
        cameras = RtspTestServer.start(0);
        dockCameras = RtspTestServer.start(0, "--width", "1280", "--height", "720");
        server = OspreyServer.unpack("recording");
        smallRoot = mountSmallStorage();
        String storages = "main=" + server.home.resolve("data/osprey/recordings");
        if (smallRoot != null) {
            storages += ", small=" + smallRoot;
        }
        server.configure("org.osprey.recording.cfg", "segmentSeconds", Integer.toString(SEGMENT_SECONDS));
        server.configure("org.osprey.recording.cfg", "storages", storages);
        server.configure("org.osprey.recording.cfg", "reserveMegabytes", Integer.toString(RESERVE_MEGABYTES));
        server.configure("org.osprey.recording.cfg", "lowSpaceMegabytes", Integer.toString(2 * RESERVE_MEGABYTES));
        server.start();

        for (String[] c : List.of(new String[] {"H264 1", "/h264", "h264"}, new String[] {"H264 2", "/h264", "h264"},
                new String[] {"H264 3", "/h264", "h264"}, new String[] {"H265 1", "/h265", "hevc"},
                new String[] {"H265 2", "/h265", "hevc"}, new String[] {"MJPEG 1", "/mjpeg", "mjpeg"},
                new String[] {"MJPEG 2", "/mjpeg", "mjpeg"})) {
            Camera camera = addCamera(c[0], cameras.url(c[1]), c[1], c[2]);
            onMain.add(camera);
        }
        dock = addCamera("Dock", dockCameras.url("/mjpeg"), "/mjpeg", "mjpeg");
        all.addAll(onMain);
        all.add(dock);
        if (smallRoot != null) {
            // The administrator's way to give a camera another storage; the engine starts again with it.
            server.configure("org.osprey.recording.cfg", "cameraStorage", dock.id + "=small");
            String smallId = storage("small").get("id").asText();
            waitUntil("the dock records to the small storage", Duration.ofSeconds(60), () -> segments(dock,
                    now().minusSeconds(60), now().plusSeconds(60)).stream()
                    .anyMatch(s -> s.get("storageId").asText().equals(smallId)));
        }
        for (Camera camera : all) {
            waitUntil(camera.name + " records", Duration.ofSeconds(60), () -> recording(camera));
        }
        origin = now();
        if (smallRoot != null) {
            placeLockOnTheDocksSecondSegment();
        }
    }

    /** Mounts a small tmpfs as a recording storage; without the right to mount, the storage test is skipped. */
    private Path mountSmallStorage() throws Exception {
        Path mountPoint = Path.of("target", "it", "recording-small").toAbsolutePath();
        unmount(mountPoint);
        Files.createDirectories(mountPoint);
        Process mount;
        try {
            mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + SMALL_SIZE, "tmpfs",
                    mountPoint.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            noSmallStorage = "a small filesystem cannot be mounted here: " + e.getMessage();
            return null;
        }
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
            noSmallStorage = "a small filesystem cannot be mounted here (mount -t tmpfs needs root): " + output.strip();
            return null;
        }
        return mountPoint;
    }

    /** Unmounts the small storage; also a leftover of an earlier run that was killed. Not mounted is fine. */
    private static void unmount(Path mountPoint) throws InterruptedException {
        try {
            Process umount = new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true)
                    .start();
            umount.getInputStream().readAllBytes();
            umount.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // No umount, so nothing was mounted either.
        }
    }

    private Camera addCamera(String name, String url, String mount, String codec) throws Exception {
        HttpResponse<String> added = server.post("/devices", """
                {"name": "%s", "type": "osprey.stream", "configuration": {"url": "%s"}}""".formatted(name, url));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        return new Camera(json(added).get("id").asText(), name, mount, codec);
    }

    /** Locks the dock's second segment through the console, so room making must pass over it. */
    private void placeLockOnTheDocksSecondSegment() throws Exception {
        String smallId = storage("small").get("id").asText();
        waitUntil("the dock has three closed segments on the small storage", Duration.ofSeconds(60),
                () -> onSmall(smallId).size() >= 3);
        List<JsonNode> first = onSmall(smallId);
        beforeLock = first.get(0);
        locked = first.get(1);
        afterLock = first.get(2);
        Instant from = start(locked).plusMillis(300);
        Instant to = end(locked).minusMillis(300);
        String output = server.console("osprey:lock " + dock.id + " " + from + " " + to + " evidence");
        assertThat(output).as("osprey:lock").contains("Locked " + dock.id);
        waitUntil("the index knows the lock", Duration.ofSeconds(10), () -> indexed(dock, locked)
                .map(s -> s.get("locked").asBoolean()).orElse(false));
    }

    private List<JsonNode> onSmall(String smallId) {
        return closedSegments(dock, origin.minusSeconds(120), now()).stream()
                .filter(s -> s.get("storageId").asText().equals(smallId)).toList();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                if (cameras != null) {
                    cameras.close();
                }
                if (dockCameras != null) {
                    dockCameras.close();
                }
            } finally {
                if (smallRoot != null) {
                    unmount(smallRoot);
                }
            }
        }
    }

    /**
     * H.264, H.265 and M-JPEG cameras are recorded continuously into segment files that ffprobe reads without
     * a complaint, and the recorded time covers the wall time. The wall time is an interval W measured by this
     * test's clock while the cameras record; the recorded time is the union, within W, of [indexed start,
     * indexed start + ffprobe's duration of the file] over the camera's segments. A lost GOP at a segment
     * cut, a missing or truncated file or a drifting clock makes them differ.
     */
    @Test
    @Order(1)
    void everyCodecIsRecordedContinuouslyIntoValidSegmentsThatCoverTheWallTime() throws Exception {
        Instant from = now();
        Thread.sleep(18_000);
        Instant to = now();
        Map<String, Path> roots = storageRoots();
        for (Camera camera : onMain) {
            waitUntil(camera.name + " closed a segment after the interval", Duration.ofSeconds(30),
                    () -> closedSegments(camera, from, to.plusSeconds(30)).stream().anyMatch(s -> !end(s).isBefore(to)));
            List<double[]> covered = new ArrayList<>();
            List<JsonNode> segments = segments(camera, from, to);
            assertThat(segments).as(camera.name + ": " + SEGMENT_SECONDS + " s segments").hasSizeGreaterThanOrEqualTo(5);
            for (JsonNode segment : segments) {
                assertThat(segment.get("open").asBoolean()).as(segment.toString()).isFalse();
                assertThat(segment.get("type").asText()).isEqualTo("CONTINUOUS");
                Path file = roots.get(segment.get("storageId").asText()).resolve(segment.get("path").asText());
                Probe probe = Probe.of(file);
                assertThat(probe.errors).as("ffprobe complaints about " + file).isEmpty();
                assertThat(probe.codec).as(file.toString()).isEqualTo(camera.codec);
                assertThat(probe.duration).as("ffprobe duration of " + file + " against the index")
                        .isCloseTo(seconds(start(segment), end(segment)), offset(0.25));
                double begin = seconds(from, start(segment));
                covered.add(new double[] {begin, begin + probe.duration});
            }
            double wall = seconds(from, to);
            assertThat(union(covered, 0, wall)).as(camera.name + ": recorded seconds of " + wall + " s of wall time")
                    .isCloseTo(wall, offset(1.0));
        }
    }

    /**
     * A plugin feature nobody uses is installed, updated and uninstalled at runtime: no camera loses a
     * moment of recording, and none even reconnects, since no bundle a camera depends on is refreshed.
     */
    @Test
    @Order(2)
    void installingUpdatingAndUninstallingAPluginLeavesNoGap() throws Exception {
        long connections = cameras.connections() + dockCameras.connections();
        Instant before = now();

        String installed = server.console("feature:install " + DUMMY_FEATURE, "bundle:list -s " + DUMMY_BUNDLE);
        assertThat(installed).as("installed").contains(DUMMY_BUNDLE).contains("Active");
        String updated = server.console("bundle:update " + DUMMY_BUNDLE, "bundle:list -s " + DUMMY_BUNDLE);
        assertThat(updated).as("updated").contains(DUMMY_BUNDLE).contains("Active");
        String uninstalled = server.console("feature:uninstall " + DUMMY_FEATURE, "bundle:list -s");
        assertThat(uninstalled).as("uninstalled").doesNotContain(DUMMY_BUNDLE).contains("org.osprey.recording");

        Instant after = now().plusSeconds(2);
        for (Camera camera : all) {
            waitUntil(camera.name + " recorded past the plugin changes", Duration.ofSeconds(30),
                    () -> recordedUntil(camera).isAfter(after));
            JsonNode timeline = timeline(camera, before.minusSeconds(1), after);
            assertThat(timeline.get("gaps")).as(camera.name + " gaps while the plugin came and went").isEmpty();
            assertThat(timeline.get("spans")).as(camera.name + " spans while the plugin came and went").hasSize(1);
            JsonNode span = timeline.get("spans").get(0);
            assertThat(start(span)).isEqualTo(before.minusSeconds(1));
            assertThat(end(span)).isEqualTo(after);
        }
        assertThat(cameras.connections() + dockCameras.connections()).as("RTSP connections opened").isEqualTo(connections);
    }

    /**
     * The dock fills the small storage: its oldest unlocked recordings are deleted, the locked segment
     * stays, the dock goes on recording, and the storage list and a STORAGE_STATUS event say the storage
     * overwrites at its reserve. Events are observable through Karaf's {@code event:display}, which shows
     * what Event Admin delivered.
     */
    @Test
    @Order(3)
    void aFullStorageDeletesItsOldestUnlockedRecordingsKeepsTheLockedOneAndGoesOnRecording() throws Exception {
        Assumptions.assumeTrue(smallRoot != null, () -> noSmallStorage);
        Path root = storageRoots().get(beforeLock.get("storageId").asText());
        assertThat(root).isEqualTo(smallRoot);

        waitUntil("the oldest unlocked segments are deleted", Duration.ofSeconds(120),
                () -> indexed(dock, beforeLock).isEmpty() && indexed(dock, afterLock).isEmpty());
        assertThat(root.resolve(beforeLock.get("path").asText())).doesNotExist();
        assertThat(root.resolve(afterLock.get("path").asText())).doesNotExist();
        JsonNode kept = indexed(dock, locked).orElseThrow(() -> new AssertionError("the locked segment was deleted"));
        assertThat(kept.get("locked").asBoolean()).isTrue();
        Path keptFile = root.resolve(kept.get("path").asText());
        assertThat(Probe.of(keptFile).duration).isCloseTo(seconds(start(kept), end(kept)), offset(0.25));

        JsonNode small = storage("small");
        assertThat(small.get("overwriting").asBoolean()).as(small.toString()).isTrue();
        assertThat(small.get("status").asText()).as(small.toString()).isIn("OK", "LOW_SPACE");
        assertThat(small.get("freeBytes").asLong()).as(small.toString()).isLessThan(3L * RESERVE_MEGABYTES << 20);

        Instant full = now();
        waitUntil("the dock records on", Duration.ofSeconds(30), () -> recordedUntil(dock).isAfter(full));
        assertThat(json(server.get("/cameras/" + dock.id + "/recording")).get("recording").asBoolean()).isTrue();
        for (JsonNode gap : timeline(dock, origin, now()).get("gaps")) {
            assertThat(gap.get("cause").asText()).as("a gap of the dock").isNotIn("STORAGE_FULL", "OVERLOAD");
        }

        String events = server.console("event:display -v org/osprey/recording/STORAGE_STATUS");
        assertThat(events).as("STORAGE_STATUS events").contains(small.get("id").asText()).contains("RESERVE_REACHED");
    }

    /**
     * {@code kill -9} while the eight cameras record, then a restart: every indexed segment's file exists,
     * ffprobe reads it to its indexed end, its keyframes lie inside it; everything up to 2 s before the kill
     * is on the timeline, and playback 3 s before the kill returns video.
     */
    @Test
    @Order(4)
    void afterKill9EverythingButTheLastTwoSecondsIsIndexedAndPlays() throws Exception {
        for (Camera camera : all) {
            waitUntil(camera.name + " records", Duration.ofSeconds(30), () -> recording(camera));
        }
        Thread.sleep(8_000);
        Instant kill = now();
        server.kill();
        server.start(Duration.ofSeconds(90));
        for (Camera camera : all) {
            waitUntil(camera.name + " records again", Duration.ofSeconds(60), () -> recording(camera));
        }

        Map<String, Path> roots = storageRoots();
        for (Camera camera : all) {
            for (JsonNode segment : segments(camera, origin.minusSeconds(120), kill)) {
                if (!start(segment).isBefore(kill)) {
                    continue;
                }
                assertThat(segment.get("open").asBoolean()).as("settled after the kill: " + segment).isFalse();
                Path file = roots.get(segment.get("storageId").asText()).resolve(segment.get("path").asText());
                if (!Files.exists(file) && indexed(camera, segment).isEmpty()) {
                    continue; // deleted to make room meanwhile
                }
                assertThat(file).as(camera.name + " " + segment).exists();
                Probe probe = Probe.of(file);
                assertThat(probe.duration).as("ffprobe reads " + file + " to its indexed end")
                        .isCloseTo(seconds(start(segment), end(segment)), offset(0.25));
                List<Instant> keyframes = new ArrayList<>();
                segment.get("keyframes").forEach(k -> keyframes.add(Instant.parse(k.asText())));
                assertThat(keyframes).as("keyframes of " + segment.get("path").asText()).isNotEmpty()
                        .allSatisfy(k -> assertThat(k).isBetween(start(segment), end(segment)));
                assertThat(keyframes.get(0)).isEqualTo(start(segment));
            }

            Instant from = kill.minusSeconds(12);
            Instant to = kill.minusSeconds(2);
            JsonNode timeline = timeline(camera, from, to);
            assertThat(timeline.get("gaps")).as(camera.name + " gaps before the kill").isEmpty();
            assertThat(timeline.get("spans")).as(camera.name + " spans up to 2 s before the kill " + kill).hasSize(1);
            assertThat(start(timeline.get("spans").get(0))).isEqualTo(from);
            assertThat(end(timeline.get("spans").get(0))).isEqualTo(to);

            Instant at = kill.minusSeconds(3);
            HttpResponse<byte[]> playback = server.getBytes("/media/cameras/" + camera.id + "/playback?at=" + at
                    + "&end=" + at.plusSeconds(1));
            assertThat(playback.statusCode()).as(camera.name + " playback at " + at).isEqualTo(200);
            Path saved = Path.of("target", "it", "recording-playback-" + camera.id + ".mp4");
            Files.write(saved, playback.body());
            Probe probe = Probe.of(saved);
            assertThat(probe.codec).isEqualTo(camera.codec);
            assertThat(probe.packets).as("video of " + camera.name + " at " + at).isGreaterThanOrEqualTo(10);
            assertThat(probe.firstPacketKey).isTrue();
        }
    }

    /**
     * The database is deleted while the server is stopped: at start the index is rebuilt from the segment
     * files, and the timeline of every camera equals the one before, gaps and their causes included. The
     * dock's storage kept deleting its oldest recordings meanwhile, so of the dock only the locked segment
     * is compared: it is back, locked again from the lock file its storage carries.
     */
    @Test
    @Order(5)
    void aDeletedDatabaseIsRebuiltFromTheSegmentFilesWithTheSameTimeline() throws Exception {
        Instant to = now().minusSeconds(4);
        Instant from = origin.minusSeconds(120);
        Map<String, String> before = new LinkedHashMap<>();
        for (Camera camera : onMain) {
            waitUntil(camera.name + " recorded up to " + to, Duration.ofSeconds(30),
                    () -> recordedUntil(camera).isAfter(to));
            JsonNode timeline = timeline(camera, from, to);
            assertThat(timeline.get("spans")).as(camera.name).isNotEmpty();
            before.put(camera.id, timelineText(timeline));
        }
        Optional<JsonNode> lockedBefore = smallRoot == null ? Optional.empty() : indexed(dock, locked);

        server.stop();
        List<Path> database;
        try (Stream<Path> files = Files.list(server.home.resolve("data/osprey"))) {
            database = files.filter(f -> f.getFileName().toString().matches("osprey\\..*\\.db")).toList();
        }
        assertThat(database).as("the H2 files").isNotEmpty();
        for (Path file : database) {
            Files.delete(file);
        }
        server.start(Duration.ofSeconds(90));

        for (Camera camera : onMain) {
            try {
                waitUntil(camera.name + "'s timeline is rebuilt as it was", Duration.ofSeconds(120),
                        () -> timelineText(timeline(camera, from, to)).equals(before.get(camera.id)));
            } catch (AssertionError e) {
                assertThat(timelineText(timeline(camera, from, to))).as(camera.name + "'s rebuilt timeline")
                        .isEqualTo(before.get(camera.id));
            }
        }
        if (lockedBefore.isPresent()) {
            waitUntil("the dock's locked segment is back", Duration.ofSeconds(60),
                    () -> indexed(dock, locked).isPresent());
            JsonNode back = indexed(dock, locked).orElseThrow();
            assertThat(back.get("locked").asBoolean()).as("locked again").isTrue();
            assertThat(start(back)).isEqualTo(start(lockedBefore.get()));
            assertThat(end(back)).isEqualTo(end(lockedBefore.get()));
        }
    }

    // ---- helpers ----

    /**
     * What ffprobe finds in a file: its first video stream, how long it plays, its packets, and what it
     * complained about. A file closed properly states its duration; one cut short by a crash does not, and
     * plays up to its last picture, which lasts like the one before it.
     */
    private record Probe(String codec, double duration, int packets, boolean firstPacketKey, String errors) {

        static Probe of(Path file) throws Exception {
            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams",
                    "-show_entries", "packet=flags,pts_time", "-select_streams", "v:0", "-show_packets",
                    file.toString()).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("ffprobe " + file + ": " + err).isZero();
            JsonNode probe = JSON.readTree(out);
            JsonNode packets = probe.path("packets");
            double duration = probe.at("/format/duration").asDouble();
            if (probe.at("/format/duration").isMissingNode() && packets.size() >= 2) {
                List<Double> times = new ArrayList<>();
                packets.forEach(packet -> times.add(packet.get("pts_time").asDouble()));
                times.sort(null);
                double last = times.get(times.size() - 1);
                duration = last + (last - times.get(times.size() - 2));
            }
            return new Probe(probe.at("/streams/0/codec_name").asText(), duration, packets.size(),
                    packets.size() > 0 && packets.get(0).get("flags").asText().startsWith("K"), err);
        }
    }

    private boolean recording(Camera camera) {
        return json(get("/cameras/" + camera.id + "/recording")).path("recording").asBoolean();
    }

    private JsonNode timeline(Camera camera, Instant from, Instant to) {
        return json(get("/cameras/" + camera.id + "/timeline?from=" + from + "&to=" + to));
    }

    /** Spans and gaps, the parts a user sees. */
    private static String timelineText(JsonNode timeline) {
        return "spans " + timeline.get("spans") + "\ngaps " + timeline.get("gaps");
    }

    /** The end of the camera's last span in the last minutes; what is committed to the index. */
    private Instant recordedUntil(Camera camera) {
        Instant last = Instant.EPOCH;
        for (JsonNode span : timeline(camera, now().minusSeconds(600), now().plusSeconds(60))
                .get("spans")) {
            Instant end = end(span);
            if (end.isAfter(last)) {
                last = end;
            }
        }
        return last;
    }

    private List<JsonNode> segments(Camera camera, Instant from, Instant to) {
        List<JsonNode> segments = new ArrayList<>();
        json(get("/cameras/" + camera.id + "/segments?from=" + from + "&to=" + to)).forEach(segments::add);
        segments.sort(Comparator.comparing(RecordingIT::start));
        return segments;
    }

    private List<JsonNode> closedSegments(Camera camera, Instant from, Instant to) {
        return segments(camera, from, to).stream().filter(s -> !s.get("open").asBoolean()).toList();
    }

    /** The segment as the index holds it now, if it still does. */
    private Optional<JsonNode> indexed(Camera camera, JsonNode segment) {
        return segments(camera, start(segment).minusSeconds(1), end(segment).plusSeconds(1)).stream()
                .filter(s -> s.get("path").asText().equals(segment.get("path").asText())).findFirst();
    }

    private JsonNode storage(String name) {
        for (JsonNode storage : json(get("/storages"))) {
            if (storage.get("name").asText().equals(name)) {
                return storage;
            }
        }
        throw new AssertionError("no storage " + name + ": " + get("/storages").body());
    }

    private Map<String, Path> storageRoots() {
        Map<String, Path> roots = new LinkedHashMap<>();
        json(get("/storages")).forEach(s -> roots.put(s.get("id").asText(), Path.of(s.get("root").asText())));
        return roots;
    }

    private HttpResponse<String> get(String path) {
        try {
            HttpResponse<String> response = server.get(path);
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Now to the millisecond, which the index keeps exactly, so intervals asked for come back as they are. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant start(JsonNode node) {
        return Instant.parse(node.get("start").asText());
    }

    private static Instant end(JsonNode node) {
        return Instant.parse(node.get("end").asText());
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    /** The length of the union of intervals, within [low, high]. */
    private static double union(List<double[]> intervals, double low, double high) {
        List<double[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingDouble(i -> i[0]));
        double total = 0;
        double reached = low;
        for (double[] interval : sorted) {
            double begin = Math.max(interval[0], reached);
            double finish = Math.min(interval[1], high);
            if (finish > begin) {
                total += finish - begin;
                reached = finish;
            }
        }
        return total;
    }

    /** Waits for a condition; a failing request counts as not yet, and its message is kept for the report. */
    private static void waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (AssertionError | RuntimeException e) {
                last = ": " + e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + last);
            }
            Thread.sleep(250);
        }
    }
}
