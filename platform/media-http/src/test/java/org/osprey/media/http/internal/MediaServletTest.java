package org.osprey.media.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.osprey.api.device.CameraDescriptor;
import org.osprey.api.device.DeviceCapabilities;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.StreamDescriptor;
import org.osprey.api.device.StreamProfile;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.SeekPoint;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.CameraRight;
import org.osprey.api.security.Role;
import org.osprey.api.security.Subject;
import org.osprey.api.security.SystemRight;
import org.osprey.sdk.test.MutableClock;
import org.osprey.sdk.test.TestSchedulers;

/** The media endpoints as a client meets them: answers, rights, problems, and the video itself. */
class MediaServletTest {

    private static final long START = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestVideo.Clip clip;

    private static final Subject ADMIN = MediaAccessTest.subject(Role.ADMINISTRATOR, Map.of(), Set.of(), 0);
    private static final Subject OPERATOR = MediaAccessTest.subject(Role.OPERATOR,
            Map.of("cam", Set.of(CameraRight.ACCESS, CameraRight.PLAYBACK)), Set.of(SystemRight.SNAPSHOT), 0);

    @TempDir
    Path dir;
    private final TestSchedulers schedulers = new TestSchedulers();
    private final ExecutorService cameraThread = Executors.newFixedThreadPool(2);
    private final DeviceRegistry devices = mock(DeviceRegistry.class);
    private final AuditLog audit = mock(AuditLog.class);
    private final FakeCamera camera = new FakeCamera();
    private final MutableClock clock = new MutableClock(Micros.toInstant(START + 3600 * SECOND));
    private final TestConfig config = new TestConfig();
    private TestRecordings recordings;
    private MediaServlet servlet;

    @BeforeAll
    static void clip() throws Exception {
        clip = TestVideo.annexB(75, true);
    }

    @BeforeEach
    void setUp() throws Exception {
        device("cam", true);
        device("off", false);
        device("mute", true);
        when(devices.mediaSource("cam")).thenReturn(Optional.of(camera));
        when(devices.mediaSource("mute")).thenReturn(Optional.empty());
        when(devices.device("nobody")).thenReturn(Optional.empty());
        recordings = new TestRecordings(dir);
        recordings.add("cam", START, 50, false, 0);
        recordings.add("cam", START + 2 * SECOND, 75, false, 0);
        servlet = new MediaServlet(devices, audit, schedulers, config, clock);
        servlet.setRecordings(recordings.service());
    }

    private void device(String id, boolean enabled) {
        when(devices.device(id)).thenReturn(Optional.of(new DeviceDefinition(id, id, "osprey.stream", enabled, Map.of())));
        when(devices.capabilities(id)).thenReturn(new DeviceCapabilities(List.of(new CameraDescriptor(id, 1, id,
                List.of(new StreamDescriptor("high", StreamProfile.HIGH, "h264", 320, 240, 25)), false)), false,
                List.of(), false, List.of(), false));
    }

    @AfterEach
    void tearDown() {
        servlet.deactivate();
        cameraThread.shutdownNow();
        schedulers.close();
    }

    private static HttpServletRequest request(String method, String path, Subject subject, Map<String, String> query) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getPathInfo()).thenReturn(path);
        when(request.getRequestURI()).thenReturn(MediaServlet.ROOT + path);
        when(request.getAttribute(Subject.REQUEST_ATTRIBUTE)).thenReturn(subject);
        when(request.getParameter(anyString())).thenAnswer(i -> query.get(i.getArgument(0, String.class)));
        return request;
    }

    private TestResponse get(String path, Subject subject, Map<String, String> query) throws Exception {
        TestResponse response = new TestResponse();
        servlet.service(request("GET", path, subject, query), response);
        return response;
    }

    private static JsonNode problem(TestResponse response, int status) throws Exception {
        assertThat(response.status).as(response.body.toString()).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode body = JSON.readTree(response.body.toByteArray());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asText()).isNotBlank();
        return body;
    }

    // ---- who may ----

    @Test
    void anonymousCallersGet401OnEveryEndpoint() throws Exception {
        for (String endpoint : List.of("live", "playback", "snapshot")) {
            problem(get("/cameras/cam/" + endpoint, null, Map.of()), 401);
        }
        verify(devices, never()).mediaSource(anyString());
    }

    @Test
    void aCameraWithoutRightsIs403BeforeAnyParameterIsRead() throws Exception {
        for (String endpoint : List.of("live", "playback", "snapshot")) {
            problem(get("/cameras/other/" + endpoint, OPERATOR, Map.of()), 403);
            problem(get("/cameras/other/" + endpoint, OPERATOR, Map.of("at", "not a time")), 403);
        }
        verify(devices, never()).device("other");
    }

    @Test
    void playbackOlderThanTheUsersAgeLimitIs403AndNewerIsServed() throws Exception {
        Subject limited = MediaAccessTest.subject(Role.OPERATOR,
                Map.of("cam", Set.of(CameraRight.ACCESS, CameraRight.PLAYBACK)), Set.of(SystemRight.SNAPSHOT), 1);
        clock.set(Micros.toInstant(START + 61 * SECOND + 200_000));
        problem(get("/cameras/cam/playback", limited, Map.of("at", Micros.toInstant(START).toString())), 403);
        problem(get("/cameras/cam/snapshot", limited, Map.of("at", Micros.toInstant(START).toString())), 403);

        TestResponse allowed = get("/cameras/cam/playback", limited, Map.of("at",
                Micros.toInstant(START + 1_500_000).toString()));
        assertThat(allowed.status).isEqualTo(200);
        // The keyframe before the instant is older than the limit allows: playback starts at the next one.
        assertThat(allowed.headers.get(MediaServlet.START_HEADER))
                .isEqualTo(Micros.toInstant(START + 2 * SECOND).toString());
        // A snapshot is its keyframe, which is too old here.
        problem(get("/cameras/cam/snapshot", limited, Map.of("at", Micros.toInstant(START + 1_500_000).toString())), 403);
    }

    // ---- what is wrong ----

    @Test
    void cameraProblemsSayWhatIsWrong() throws Exception {
        problem(get("/cameras/nobody/live", ADMIN, Map.of()), 404);
        problem(get("/cameras/off/live", ADMIN, Map.of()), 409);
        TestResponse noMedia = get("/cameras/mute/snapshot", ADMIN, Map.of());
        problem(noMedia, 503);
        assertThat(noMedia.headers).containsKey("Retry-After");
        problem(get("/cameras/nobody/playback", ADMIN, Map.of("at", Micros.toInstant(START).toString())), 404);
    }

    @Test
    void aCameraThatSendsNothingIs503AfterTheStartTimeout() throws Exception {
        config.startTimeoutMillis = 300;
        JsonNode body = problem(get("/cameras/cam/live", ADMIN, Map.of()), 503);
        assertThat(body.get("detail").asText()).contains("sends no video");
        verify(audit, never()).record(any());
    }

    @Test
    void badRequestsAreProblemsNamingTheParameter() throws Exception {
        JsonNode missing = problem(get("/cameras/cam/playback", ADMIN, Map.of()), 400);
        assertThat(missing.at("/errors/at").asText()).isEqualTo("is required");
        JsonNode malformed = problem(get("/cameras/cam/playback", ADMIN, Map.of("at", "yesterday")), 400);
        assertThat(malformed.at("/errors/at").asText()).contains("ISO-8601");
        JsonNode backwards = problem(get("/cameras/cam/playback", ADMIN, Map.of("at",
                Micros.toInstant(START + SECOND).toString(), "end", Micros.toInstant(START).toString())), 400);
        assertThat(backwards.at("/errors/end").asText()).isEqualTo("must be after at");
        problem(get("/cameras/cam/snapshot", ADMIN, Map.of("at", "")), 400);
    }

    @Test
    void unknownPathsOtherMethodsAndAmbiguousPathsAreRefused() throws Exception {
        problem(get("/cameras/cam/recordings", ADMIN, Map.of()), 404);
        problem(get("/cameras/cam", ADMIN, Map.of()), 404);
        problem(get("/", ADMIN, Map.of()), 404);
        TestResponse post = new TestResponse();
        servlet.service(request("POST", "/cameras/cam/live", ADMIN, Map.of()), post);
        problem(post, 405);
        assertThat(post.headers.get("Allow")).isEqualTo("GET");
        HttpServletRequest ambiguous = request("GET", "/cameras/cam/live", ADMIN, Map.of());
        when(ambiguous.getRequestURI()).thenReturn(MediaServlet.ROOT + "/cameras/%2e%2e/live");
        TestResponse refused = new TestResponse();
        servlet.service(ambiguous, refused);
        problem(refused, 400);
    }

    @Test
    void withoutTheRecordingEnginePlaybackIs503() throws Exception {
        servlet.setRecordings(null);
        problem(get("/cameras/cam/playback", ADMIN, Map.of("at", Micros.toInstant(START).toString())), 503);
    }

    // ---- the video ----

    @Test
    void liveVideoIsFragmentedMp4FromAKeyframeAndIsAudited() throws Exception {
        List<MediaPacket> packets = clip.packets(START);
        cameraThread.execute(() -> {
            try {
                while (camera.sinks.isEmpty()) {
                    Thread.sleep(5);
                }
                camera.start(clip.streams());
                // Joined mid-GOP: the viewer gets the GOP from its keyframe, packet 25.
                for (int i = 0; i < packets.size(); i++) {
                    camera.send(packets.get(i));
                    Thread.sleep(i < 30 ? 0 : 2);
                }
                camera.stop("test over");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        TestResponse response = get("/cameras/cam/live", OPERATOR, Map.of());

        assertThat(response.status).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("video/mp4; codecs=\"avc1.");
        assertThat(response.flushes).as("pushed to the client as it goes").isGreaterThan(1);
        Path mp4 = dir.resolve("live.mp4");
        Files.write(mp4, response.body.toByteArray());
        JsonNode probe = Ffprobe.probe(mp4);
        assertThat(probe.at("/streams/0/codec_name").asText()).isEqualTo("h264");
        assertThat(probe.at("/packets/0/flags").asText()).startsWith("K");
        long first = Micros.of(java.time.Instant.parse(response.headers.get(MediaServlet.START_HEADER)));
        assertThat((first - START) % (TestVideo.GOP * TestVideo.FRAME_MICROS)).as("a keyframe's time").isZero();
        assertThat(probe.get("packets").size()).isEqualTo((int) ((START + 75 * TestVideo.FRAME_MICROS - first)
                / TestVideo.FRAME_MICROS));

        ArgumentCaptor<AuditEntry> entry = ArgumentCaptor.forClass(AuditEntry.class);
        verify(audit).record(entry.capture());
        assertThat(entry.getValue().action()).isEqualTo(AuditActions.LIVE_STREAM);
        assertThat(entry.getValue().user()).isEqualTo(OPERATOR.username());
        assertThat(entry.getValue().source()).isEqualTo("127.0.0.1");
        assertThat(entry.getValue().target()).isEqualTo("cam");
    }

    @Test
    void playbackStartsAtTheKeyframeBeforeTheInstantAndFollowsAcrossSegments() throws Exception {
        TestResponse response = get("/cameras/cam/playback", OPERATOR,
                Map.of("at", Micros.toInstant(START + 1_500_000).toString()));

        assertThat(response.status).as(response.body.toString()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("video/mp4; codecs=\"avc1.");
        assertThat(response.headers.get(MediaServlet.START_HEADER)).isEqualTo(Micros.toInstant(START + SECOND).toString());
        Path mp4 = dir.resolve("playback.mp4");
        Files.write(mp4, response.body.toByteArray());
        JsonNode probe = Ffprobe.probe(mp4);
        assertThat(probe.at("/packets/0/flags").asText()).startsWith("K");
        assertThat(probe.at("/packets/0/pts_time").asDouble()).isZero();
        assertThat(probe.get("packets")).hasSize(25 + 75);

        ArgumentCaptor<AuditEntry> entry = ArgumentCaptor.forClass(AuditEntry.class);
        verify(audit).record(entry.capture());
        assertThat(entry.getValue().action()).isEqualTo(AuditActions.PLAYBACK_STREAM);
        assertThat(entry.getValue().target()).isEqualTo("cam");
    }

    @Test
    void whenTheIndexAnswersWithAKeyframeAfterTheInstantTheSegmentCoveringItIsAsked() throws Exception {
        // So the index answers for a keyframe that two segments share, the end of one and the start of the next.
        RecordingSegment second = recordings.index.get(1);
        doReturn(Optional.of(new SeekPoint(second, Micros.toInstant(START + 3 * SECOND))))
                .when(recordings.service()).seek(anyString(), any());
        TestResponse response = get("/cameras/cam/playback", OPERATOR,
                Map.of("at", Micros.toInstant(START + 2_500_000).toString(), "end",
                        Micros.toInstant(START + 3 * SECOND).toString()));
        assertThat(response.status).as(response.body.toString()).isEqualTo(200);
        assertThat(response.headers.get(MediaServlet.START_HEADER))
                .isEqualTo(Micros.toInstant(START + 2 * SECOND).toString());
    }

    @Test
    void aLiveSnapshotIsAJpegOfTheNewestKeyframe() throws Exception {
        List<MediaPacket> packets = clip.packets(START);
        camera.start(clip.streams());
        cameraThread.execute(() -> {
            try {
                while (camera.sinks.isEmpty()) {
                    Thread.sleep(5);
                }
                packets.subList(0, 30).forEach(camera::send);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        TestResponse response = get("/cameras/cam/snapshot", OPERATOR, Map.of());
        assertThat(response.status).as(response.body.toString()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("image/jpeg");
        assertThat(response.headers.get(MediaServlet.TIME_HEADER)).as("one of the keyframes")
                .isIn(Micros.toInstant(START).toString(), Micros.toInstant(START + SECOND).toString());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body.toByteArray()));
        assertThat(image.getWidth()).isEqualTo(TestVideo.WIDTH);
        assertThat(image.getHeight()).isEqualTo(TestVideo.HEIGHT);
    }

    @Test
    void aRecordedSnapshotIsTheKeyframeAtOrBeforeTheInstant() throws Exception {
        TestResponse response = get("/cameras/cam/snapshot", OPERATOR,
                Map.of("at", Micros.toInstant(START + 2_500_000).toString()));
        assertThat(response.status).as(response.body.toString()).isEqualTo(200);
        assertThat(response.headers.get(MediaServlet.TIME_HEADER))
                .isEqualTo(Micros.toInstant(START + 2 * SECOND).toString());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body.toByteArray()));
        assertThat(image.getWidth()).isEqualTo(TestVideo.WIDTH);

        problem(get("/cameras/cam/snapshot", OPERATOR, Map.of("at", Micros.toInstant(START - SECOND).toString())), 404);
    }

    @Test
    void snapshotsOfOthersNeedTheSnapshotRight() throws Exception {
        Subject noSnapshots = MediaAccessTest.subject(Role.OPERATOR,
                Map.of("cam", Set.of(CameraRight.ACCESS, CameraRight.PLAYBACK)), Set.of(), 0);
        problem(get("/cameras/cam/snapshot", noSnapshots, Map.of()), 403);
        assertThat(get("/cameras/cam/snapshot", ADMIN, Map.of("at", Micros.toInstant(START).toString())).status)
                .isEqualTo(200);
    }

    @Test
    void stoppingTheEndpointsEndsLiveStreams() throws Exception {
        camera.start(clip.streams());
        cameraThread.execute(() -> {
            try {
                while (camera.sinks.isEmpty()) {
                    Thread.sleep(5);
                }
                for (MediaPacket packet : clip.packets(START)) {
                    camera.send(packet);
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        cameraThread.execute(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            servlet.deactivate();
        });
        long begin = System.nanoTime();
        TestResponse response = get("/cameras/cam/live", ADMIN, Map.of());
        assertThat(response.status).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin)).isLessThan(5);
    }
}
