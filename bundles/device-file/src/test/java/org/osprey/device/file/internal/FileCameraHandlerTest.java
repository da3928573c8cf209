package org.osprey.device.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.device.DeviceStatusInfo;
import org.osprey.api.media.MediaPacket;
import org.osprey.device.file.internal.PacketCollector.Arrival;
import org.osprey.sdk.test.TestDeviceContext;

/** The file camera on real Matroska files made with FFmpeg in a temporary folder. */
class FileCameraHandlerTest {

    private static final long FRAME_MICROS = 100_000;

    @TempDir
    Path folder;

    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

    @AfterEach
    void cleanUp() throws Exception {
        while (!cleanup.isEmpty()) {
            cleanup.pop().close();
        }
    }

    private record Camera(TestDeviceContext context, FileCameraHandler handler, PacketCollector packets) {
        DeviceStatusInfo status() {
            List<DeviceStatusInfo> statuses = context.statuses();
            return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
        }
    }

    private Camera camera(String file) {
        TestDeviceContext context = new TestDeviceContext(FileDeviceDriver.TYPE_ID, Map.of("file", file));
        cleanup.push(context);
        FileCameraHandler handler = new FileCameraHandler(context, VideoFolder.at(folder),
                FileCameraHandler::wallClockMicros, 200);
        cleanup.push(handler::dispose);
        PacketCollector packets = new PacketCollector();
        handler.mediaSource().orElseThrow().subscribe(FileCameraHandler.STREAM, packets);
        return new Camera(context, handler, packets);
    }

    /** 1.5 s at 10 fps with keyframes at frames 0 and 10, so a loop ends in the middle of a GOP. */
    private void clip(String name) throws Exception {
        SampleVideo.write(folder.resolve(name), 320, 180, 10, 10, 15, 300_000);
    }

    @Test
    void loopsInRealTimeWithContinuousTimestampsAndAKeyframeAtEveryLoopStart() throws Exception {
        clip("loop.mkv");
        Camera camera = camera("loop.mkv");
        camera.handler().initialize();

        // Two loop boundaries: at 1.5 s and at 3 s.
        waitForAssert(() -> assertThat(camera.packets().arrivals).hasSizeGreaterThanOrEqualTo(36),
                Duration.ofSeconds(15));
        List<Arrival> arrivals = List.copyOf(camera.packets().arrivals);
        List<MediaPacket> packets = arrivals.stream().map(Arrival::packet).toList();

        assertThat(camera.status().status()).isEqualTo(DeviceStatus.OK);
        assertThat(camera.status().message()).isEqualTo("Playing loop.mkv");
        assertThat(camera.packets().starts).hasSize(1);
        assertThat(camera.packets().starts.get(0).get(0).codec()).isEqualTo("h264");
        for (int i = 0; i < packets.size(); i++) {
            int frame = i % 15;
            assertThat(packets.get(i).keyframe()).as("keyframe at packet %d (frame %d of its loop)", i, frame)
                    .isEqualTo(frame == 0 || frame == 10);
            if (i > 0) {
                long step = packets.get(i).dtsMicros() - packets.get(i - 1).dtsMicros();
                assertThat(step).as("time from packet %d to %d", i - 1, i).isBetween(FRAME_MICROS - 1_000,
                        FRAME_MICROS + 1_000);
                assertThat(packets.get(i).ptsMicros()).isGreaterThanOrEqualTo(packets.get(i).dtsMicros());
            }
        }

        Arrival first = arrivals.get(0);
        Arrival last = arrivals.get(arrivals.size() - 1);
        double media = last.packet().dtsMicros() - first.packet().dtsMicros();
        double wall = last.atMicros() - first.atMicros();
        assertThat(wall / media).as("wall time per second of video").isBetween(0.9, 1.1);
        for (Arrival arrival : arrivals) {
            assertThat(arrival.atMicros() - arrival.packet().dtsMicros()).as("how late a packet arrives, µs")
                    .isBetween(-20_000L, 250_000L);
        }
        assertThat(camera.handler().capabilities().cameras().get(0).streams().get(0).frameRate()).isEqualTo(10.0);
    }

    @Test
    void aMissingFileIsNotAccessibleUntilItAppears() throws Exception {
        Camera camera = camera("later.mkv");
        camera.handler().initialize();
        waitForAssert(() -> assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE),
                Duration.ofSeconds(5));
        assertThat(camera.status().message()).isEqualTo("The video later.mkv is not in " + folder);

        clip("later.mkv");
        waitForAssert(() -> assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.OK), Duration.ofSeconds(5));
        waitForAssert(() -> assertThat(camera.packets().arrivals).isNotEmpty(), Duration.ofSeconds(5));
        assertThat(camera.packets().packets().get(0).keyframe()).isTrue();
        assertThat(camera.context().statuses()).filteredOn(s -> s.status() == DeviceStatus.NOT_ACCESSIBLE)
                .as("retries repeat one message, so the platform publishes one status event")
                .extracting(DeviceStatusInfo::message).containsOnly("The video later.mkv is not in " + folder);
    }

    @Test
    void aFileFfmpegCannotReadIsNotAccessible() throws Exception {
        byte[] noise = new byte[50_000];
        new Random(7).nextBytes(noise);
        Files.write(folder.resolve("broken.mkv"), noise);
        Camera camera = camera("broken.mkv");
        camera.handler().initialize();
        waitForAssert(() -> assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE),
                Duration.ofSeconds(5));
        assertThat(camera.status().message()).startsWith("The video broken.mkv cannot be played: ");
        assertThat(camera.packets().starts).isEmpty();
    }

    @Test
    void aPathInsteadOfANameIsRefused() {
        Camera camera = camera("../outside.mkv");
        camera.handler().initialize();
        waitForAssert(() -> assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE),
                Duration.ofSeconds(5));
        assertThat(camera.status().message()).startsWith("Configuration refused: ").contains("not a path");
    }

    @Test
    void disposeStopsTheStream() throws Exception {
        clip("stop.mkv");
        Camera camera = camera("stop.mkv");
        camera.handler().initialize();
        waitForAssert(() -> assertThat(camera.packets().arrivals).hasSizeGreaterThanOrEqualTo(3), Duration.ofSeconds(5));
        camera.handler().dispose();
        waitForAssert(() -> assertThat(camera.packets().stops).containsExactly("device stopped"), Duration.ofSeconds(5));
        int count = camera.packets().arrivals.size();
        Thread.sleep(300);
        assertThat(camera.packets().arrivals).hasSize(count);
    }
}
