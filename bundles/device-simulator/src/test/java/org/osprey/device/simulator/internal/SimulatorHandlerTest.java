package org.osprey.device.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.device.PortDescriptor;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.MediaSubscription;
import org.osprey.device.simulator.internal.MatroskaTestFile.Luma;
import org.osprey.sdk.test.TestDeviceContext;
import org.osprey.sdk.test.TestDeviceContext.DeviceEvent;

/** The simulated camera with the real OpenH264 encoder; its output is muxed and decoded by FFmpeg. */
class SimulatorHandlerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path folder;

    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

    @AfterEach
    void cleanUp() throws Exception {
        while (!cleanup.isEmpty()) {
            cleanup.pop().close();
        }
    }

    private record Camera(TestDeviceContext context, SimulatorHandler handler) {
        MediaSubscription subscribe(PacketCollector sink) {
            return handler.mediaSource().orElseThrow().subscribe(SimulatorHandler.STREAM, sink);
        }
    }

    private Camera camera(Map<String, Object> configuration) {
        TestDeviceContext context = new TestDeviceContext(SimulatorDriver.TYPE_ID, configuration);
        cleanup.push(context);
        SimulatorHandler handler = new SimulatorHandler(context, SimulatorSettings.from(configuration),
                SimulatorHandler::wallClockMicros, disposed -> { });
        cleanup.push(handler::dispose);
        return new Camera(context, handler);
    }

    @Test
    void makesDecodableH264WithExtradataAndAKeyframeEverySecond() throws Exception {
        Camera camera = camera(Map.of());
        PacketCollector sink = new PacketCollector();
        camera.subscribe(sink);
        camera.handler().initialize();
        waitForAssert(() -> assertThat(sink.packets).hasSizeGreaterThanOrEqualTo(25), WAIT);
        List<MediaPacket> packets = List.copyOf(sink.packets).subList(0, 25);

        assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.OK);
        CodecParameters video = sink.starts.get(0).get(0);
        assertThat(video.codec()).isEqualTo("h264");
        assertThat(video.width()).isEqualTo(640);
        assertThat(video.height()).isEqualTo(360);
        assertThat(video.extradata()).as("SPS and PPS").hasSizeGreaterThan(8);
        for (int i = 0; i < packets.size(); i++) {
            assertThat(packets.get(i).keyframe()).as("keyframe at frame %d", i).isEqualTo(i % 10 == 0);
            if (i > 0) {
                assertThat(packets.get(i).dtsMicros() - packets.get(i - 1).dtsMicros()).as("frame interval")
                        .isEqualTo(100_000);
            }
        }
        for (int i = 0; i < packets.size(); i++) {
            assertThat(sink.arrivals.get(i) - packets.get(i).dtsMicros()).as("µs from frame time to delivery")
                    .isBetween(-5_000L, 200_000L);
        }

        Path file = folder.resolve("simulated.mkv");
        MatroskaTestFile.write(file, video, packets);
        List<Luma> pictures = MatroskaTestFile.decode(file);
        assertThat(pictures).hasSize(25);
        assertThat(pictures.get(0).width()).isEqualTo(640);
        assertThat(pictures.get(0).height()).isEqualTo(360);
        long bits = packets.stream().mapToLong(MediaPacket::size).sum() * 8;
        assertThat(bits / 2.5).as("bit/s").isLessThan(400_000);
    }

    @Test
    void motionSwitchedOnChangesThePictureOfItsRegionOnly() throws Exception {
        Camera camera = camera(Map.of("regions", "2x2", "motion", false));
        PacketCollector sink = new PacketCollector();
        camera.subscribe(sink);
        camera.handler().initialize();
        waitForAssert(() -> assertThat(sink.packets).hasSizeGreaterThanOrEqualTo(8), WAIT);
        camera.handler().setMotion(2, true);
        int switched = sink.packets.size();
        waitForAssert(() -> assertThat(sink.packets).hasSizeGreaterThanOrEqualTo(switched + 15), WAIT);

        Path file = folder.resolve("motion.mkv");
        MatroskaTestFile.write(file, sink.starts.get(0).get(0), List.copyOf(sink.packets));
        List<Luma> pictures = MatroskaTestFile.decode(file);
        SyntheticPicture layout = new SyntheticPicture(640, 360, 2, 2, ZoneOffset.UTC);

        // Two pictures three frames apart in one GOP, made after the switch, and not right after a keyframe:
        // there OpenH264 still spends bits refining the still background everywhere.
        int a = switched + 1;
        while (a % 10 < 3 || a % 10 > 6) {
            a++;
        }
        int b = a + 3;
        // The same for two pictures before the switch.
        int c = 4;
        int d = 7;
        for (int region = 0; region < 4; region++) {
            double after = difference(pictures.get(a), pictures.get(b), layout.bounds(region));
            double before = difference(pictures.get(c), pictures.get(d), layout.bounds(region));
            System.out.printf("region %d: mean luma change %.3f before the switch, %.3f after%n", region + 1, before,
                    after);
            assertThat(before).as("mean luma change in region %d before the switch", region + 1).isLessThan(0.3);
            if (region == 1) {
                assertThat(after).as("mean luma change in the moving region").isGreaterThan(3.0);
            } else {
                assertThat(after).as("mean luma change in still region %d", region + 1).isLessThan(0.3);
            }
        }
    }

    private static double difference(Luma a, Luma b, int[] bounds) {
        long sum = 0;
        long count = 0;
        for (int y = bounds[1]; y < bounds[3]; y++) {
            for (int x = bounds[0]; x < bounds[2]; x++) {
                sum += Math.abs(a.at(x, y) - b.at(x, y));
                count++;
            }
        }
        return (double) sum / count;
    }

    @Test
    void portsAndMotionChangesAreDeviceEventsOncePerChange() {
        Camera camera = camera(Map.of("regions", "3x3"));
        camera.handler().initialize();
        waitForAssert(() -> assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.OK), WAIT);

        camera.handler().setInput(1, true);
        camera.handler().setInput(1, true);
        camera.handler().setInput(1, false);
        camera.handler().setOutput(2, true);
        camera.handler().setMotion(9, false);
        camera.handler().setMotion(9, false);

        assertThat(camera.context().events()).containsExactly(
                new DeviceEvent("input", Map.of("port", "input1", "active", true)),
                new DeviceEvent("input", Map.of("port", "input1", "active", false)),
                new DeviceEvent("output", Map.of("port", "output2", "active", true)),
                new DeviceEvent("motion", Map.of("region", 9, "active", false)));
        assertThat(camera.handler().snapshot().inputs()).containsExactly(false, false);
        assertThat(camera.handler().snapshot().outputs()).containsExactly(false, true);
        assertThat(camera.handler().snapshot().motion()).hasSize(9).containsOnlyOnce(false);
        assertThatThrownBy(() -> camera.handler().setInput(3, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 2");
        assertThatThrownBy(() -> camera.handler().setMotion(0, true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(camera.handler().capabilities().ports()).extracting(PortDescriptor::id)
                .containsExactly("input1", "input2", "output1", "output2");
        assertThat(camera.handler().capabilities().eventTypes()).containsExactly("motion", "input", "output",
                "tampering", "casing", "door", "temperature", "trigger");
    }

    @Test
    void eventsOfTheCatalogueAreRaisedOnlyWithValidPropertiesAndOnlyWhileConnected() {
        Camera camera = camera(Map.of());
        camera.handler().initialize();
        waitForAssert(() -> assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.OK), WAIT);

        camera.handler().raiseEvent("door", Map.of("door", "Main entrance", "forced", true, "seconds", 10L));
        assertThatThrownBy(() -> camera.handler().raiseEvent("input", Map.of()))
                .as("port events come from port changes").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> camera.handler().raiseEvent("door", Map.of("deviceName", "other")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> camera.handler().raiseEvent("door", Map.of("door", "x".repeat(257))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> camera.handler().raiseEvent("door", Map.of("ratio", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> camera.handler().raiseEvent("door", Map.of("list", java.util.List.of(1))))
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> many = new java.util.HashMap<>();
        for (int i = 0; i < 17; i++) {
            many.put("p" + i, i);
        }
        assertThatThrownBy(() -> camera.handler().raiseEvent("door", many)).isInstanceOf(IllegalArgumentException.class);

        camera.handler().dropConnection(Duration.ofMinutes(10));
        assertThatThrownBy(() -> camera.handler().raiseEvent("tampering", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot hear");
        camera.handler().reconnectNow();
        assertThat(camera.context().lastStatus()).as("back at once, not after ten minutes").isEqualTo(DeviceStatus.OK);
        camera.handler().raiseEvent("tampering", Map.of());

        assertThat(camera.context().events()).containsExactly(
                new DeviceEvent("door", Map.of("door", "Main entrance", "forced", true, "seconds", 10L)),
                new DeviceEvent("tampering", Map.of()));
    }

    @Test
    void nothingIsEncodedWithoutSubscribersAndAFirstSubscriberGetsAKeyframeAtOnce() {
        Camera camera = camera(Map.of());
        camera.handler().initialize();
        waitForAssert(() -> assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.OK), WAIT);
        PacketCollector early = new PacketCollector();
        MediaSubscription subscription = camera.subscribe(early);
        waitForAssert(() -> assertThat(early.packets).hasSizeGreaterThanOrEqualTo(3), WAIT);
        subscription.close();
        waitForAssert(() -> assertThat(camera.handler().snapshot().encoding()).isFalse(), WAIT);

        long subscribed = SimulatorHandler.wallClockMicros();
        PacketCollector late = new PacketCollector();
        camera.subscribe(late);
        waitForAssert(() -> assertThat(late.packets).isNotEmpty(), WAIT);
        assertThat(late.packets.get(0).keyframe()).isTrue();
        assertThat(late.packets.get(0).dtsMicros()).as("a new picture, not one kept from before").isGreaterThan(
                subscribed - 150_000);
        assertThat(late.arrivals.get(0) - subscribed).as("µs to the first picture").isLessThan(500_000);
        assertThat(camera.handler().snapshot().encoding()).isTrue();
    }

    @Test
    void aDroppedConnectionStopsTheStreamAndComesBackWithAKeyframe() {
        Camera camera = camera(Map.of());
        PacketCollector sink = new PacketCollector();
        camera.subscribe(sink);
        camera.handler().initialize();
        waitForAssert(() -> assertThat(sink.packets).hasSizeGreaterThanOrEqualTo(3), WAIT);

        camera.handler().dropConnection(Duration.ofMillis(700));
        waitForAssert(() -> assertThat(sink.stops).containsExactly("connection lost: simulated"), WAIT);
        assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE);
        assertThat(camera.handler().snapshot().connected()).isFalse();
        camera.handler().setInput(2, true);
        int before = sink.packets.size();

        waitForAssert(() -> assertThat(camera.context().lastStatus()).isEqualTo(DeviceStatus.OK), WAIT);
        waitForAssert(() -> assertThat(sink.packets).hasSizeGreaterThan(before), WAIT);
        assertThat(sink.starts).hasSize(2);
        assertThat(sink.packets.get(before).keyframe()).isTrue();
        assertThat(camera.context().events()).as("nothing heard from a disconnected device").isEmpty();
        assertThatThrownBy(() -> camera.handler().dropConnection(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
