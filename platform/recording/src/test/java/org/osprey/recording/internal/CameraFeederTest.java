package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.device.CameraDescriptor;
import org.osprey.api.device.DeviceCapabilities;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.DeviceRequest;
import org.osprey.api.device.DeviceStatusInfo;
import org.osprey.api.device.StreamDescriptor;
import org.osprey.api.device.StreamProfile;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventTopics;
import org.osprey.api.event.OspreyEvent;
import org.osprey.api.media.MediaSource;
import org.osprey.api.media.MediaSubscription;
import org.osprey.api.media.PacketSink;
import org.osprey.api.recording.EventRecording;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.RecordingRequest;
import org.osprey.api.recording.RecordingType;
import org.osprey.sdk.test.Waiter;

/**
 * The feeder follows the devices: subscribes their high stream while their recorder needs it, and their
 * losses become gaps where recording is expected.
 */
class CameraFeederTest {

    private static final long START = Micros.of(Instant.parse("2026-11-20T10:00:00Z"));
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Fixture fixture;
    private final Devices devices = new Devices();
    private final Map<String, Camera> sources = devices.sources;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    /** A camera's media: remembers who subscribed to which stream. */
    private static final class Camera implements MediaSource {
        final Map<String, PacketSink> sinks = new ConcurrentHashMap<>();

        @Override
        public MediaSubscription subscribe(String streamId, PacketSink sink) {
            sinks.put(streamId, sink);
            return () -> sinks.remove(streamId, sink);
        }
    }

    /** The registry as the recorder reads it; changes go through the test. */
    private static final class Devices implements DeviceRegistry {
        final Map<String, DeviceDefinition> definitions = new ConcurrentHashMap<>();
        final Map<String, DeviceCapabilities> capabilities = new ConcurrentHashMap<>();
        final Map<String, Camera> sources = new ConcurrentHashMap<>();

        /** What {@code DeviceRegistry.mediaSource} will answer once the registry has it. */
        public Optional<MediaSource> mediaSource(String id) {
            return Optional.ofNullable(sources.get(id));
        }

        @Override
        public List<DeviceDefinition> devices() {
            return new ArrayList<>(definitions.values());
        }

        @Override
        public Optional<DeviceDefinition> device(String id) {
            return Optional.ofNullable(definitions.get(id));
        }

        @Override
        public DeviceCapabilities capabilities(String id) {
            if (!definitions.containsKey(id)) {
                throw new DeviceNotFoundException(id);
            }
            return capabilities.getOrDefault(id, DeviceCapabilities.NONE);
        }

        @Override
        public DeviceDefinition add(DeviceRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeviceDefinition update(String id, DeviceRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeviceDefinition setEnabled(String id, boolean enabled) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeviceStatusInfo status(String id) {
            throw new UnsupportedOperationException();
        }
    }

    private void addDevice(String id) {
        devices.definitions.put(id, new DeviceDefinition(id, "Gate " + id, "test.camera", true, Map.of()));
        devices.capabilities.put(id, new DeviceCapabilities(List.of(new CameraDescriptor(id, 1, "Gate",
                List.of(new StreamDescriptor("low", StreamProfile.LOW, "h264", 320, 240, 25),
                        new StreamDescriptor("high", StreamProfile.HIGH, "h264", 320, 240, 25)), false)),
                false, List.of(), false, List.of(), false));
        sources.put(id, new Camera());
    }

    private static OspreyEvent deviceEvent(String topic, String id) {
        return new OspreyEvent(topic, Instant.now(), Map.of(EventProperties.DEVICE_ID, id));
    }

    @Test
    void recordsTheHighStreamOfEachDeviceAndKeepsCameraLossesAsGaps() throws Exception {
        TestClip clip = TestClip.get();
        RecordingEngine engine = fixture.engine();
        addDevice("dev-1");
        CameraFeeder feeder = new CameraFeeder(devices, devices::mediaSource, engine,
                fixture.schedulers);
        Camera camera = sources.get("dev-1");
        Waiter.waitForAssert(() -> assertThat(camera.sinks).containsOnlyKeys("high"), WAIT);

        PacketSink sink = camera.sinks.get("high");
        sink.streamStarted(clip.streams());
        clip.packets(START, 0, 100).forEach(sink::packet);
        sink.streamStopped("connection lost");
        Waiter.waitForAssert(() -> assertThat(engine.status("dev-1").gap()).isEqualTo(GapCause.CAMERA_LOST), WAIT);
        assertThat(fixture.events(EventTopics.RECORDING_STARTED)).hasSize(1);
        assertThat(fixture.events(EventTopics.RECORDING_STOPPED)).hasSize(1);
        assertThat(fixture.events(EventTopics.RECORDING_ERROR)).singleElement()
                .satisfies(e -> assertThat(e.text(EventProperties.CAUSE)).isEqualTo("CAMERA_LOST"));

        sink.streamStarted(clip.streams());
        clip.packets(START + 6_000_000, 0, 50).forEach(sink::packet);
        Waiter.waitForAssert(() -> assertThat(engine.status("dev-1").recording()).isTrue(), WAIT);

        // Disabled: recording is not expected any more, so it stops without a gap.
        devices.definitions.computeIfPresent("dev-1", (k, d) -> new DeviceDefinition(k, d.name(), d.type(), false,
                d.configuration()));
        feeder.onEvent(deviceEvent(EventTopics.DEVICE_UPDATED, "dev-1"));
        Waiter.waitForAssert(() -> assertThat(camera.sinks).isEmpty(), WAIT);
        Waiter.waitForAssert(() -> assertThat(engine.status("dev-1").recording()).isFalse(), WAIT);
        assertThat(engine.status("dev-1").gap()).isNull();
        Waiter.waitForAssert(() -> {
            engine.runSync();
            assertThat(engine.segments("dev-1", Micros.toInstant(START), Micros.toInstant(START + 20_000_000)))
                    .hasSize(3).allSatisfy(s -> assertThat(s.open()).isFalse());
        }, WAIT);
        assertThat(engine.timeline("dev-1", Micros.toInstant(START), Micros.toInstant(START + 20_000_000)).gaps())
                .singleElement().satisfies(g -> assertThat(g.cause()).isEqualTo(GapCause.CAMERA_LOST));

        // A device added later is picked up from its event.
        addDevice("dev-2");
        feeder.onEvent(deviceEvent(EventTopics.DEVICE_ADDED, "dev-2"));
        Waiter.waitForAssert(() -> assertThat(sources.get("dev-2").sinks).containsOnlyKeys("high"), WAIT);
        feeder.deactivate();
        assertThat(sources.get("dev-2").sinks).isEmpty();
        engine.deactivate();
    }

    @Test
    void aCameraRecordedOnlyForEventsIsFedOnlyWhileOneRuns() throws Exception {
        fixture.continuous = false;
        fixture.prebufferSeconds = 0;
        TestClip clip = TestClip.get();
        RecordingEngine engine = fixture.engine();
        addDevice("dev-1");
        CameraFeeder feeder = new CameraFeeder(devices, devices::mediaSource, engine, fixture.schedulers);
        feeder.reconcile("dev-1");
        Camera camera = sources.get("dev-1");
        assertThat(camera.sinks).isEmpty();
        assertThatThrownBy(() -> engine.startRecording(RecordingRequest.manual("nobody")))
                .isInstanceOf(NoSuchElementException.class);

        EventRecording manual = engine.startRecording(new RecordingRequest("dev-1", RecordingType.MANUAL, "",
                Duration.ZERO, Duration.ZERO));
        Waiter.waitForAssert(() -> assertThat(camera.sinks).containsOnlyKeys("high"), WAIT);
        PacketSink sink = camera.sinks.get("high");
        sink.streamStarted(clip.streams());
        clip.packets(START, 0, 100).forEach(sink::packet);
        // Queued behind the packets: stopped at 3.96 s, so recorded up to the keyframe at 4 s.
        engine.stopRecording(manual.id());
        clip.packets(START, 100, 150).forEach(sink::packet);
        Waiter.waitForAssert(() -> assertThat(camera.sinks).isEmpty(), WAIT);
        assertThat(engine.eventRecordings("dev-1")).isEmpty();
        assertThat(engine.status("dev-1").recording()).isFalse();
        engine.runSync();
        var timeline = engine.timeline("dev-1", Micros.toInstant(START), Micros.toInstant(START + 20_000_000));
        assertThat(timeline.spans()).singleElement().satisfies(span -> {
            assertThat(span.type()).isEqualTo(RecordingType.MANUAL);
            assertThat(span.start()).isEqualTo(Micros.toInstant(START));
            assertThat(span.end()).isEqualTo(Micros.toInstant(START + 4_000_000));
        });
        assertThat(timeline.gaps()).isEmpty();
        assertThat(fixture.events(EventTopics.RECORDING_STARTED)).singleElement()
                .satisfies(e -> assertThat(e.text(EventProperties.RECORDING_TYPE)).isEqualTo("MANUAL"));
        assertThat(fixture.events(EventTopics.RECORDING_STOPPED)).singleElement()
                .satisfies(e -> assertThat(e.text(EventProperties.RECORDING_ID)).isEqualTo(manual.id()));

        // A disabled camera cannot be recorded.
        devices.definitions.computeIfPresent("dev-1", (k, d) -> new DeviceDefinition(k, d.name(), d.type(), false,
                d.configuration()));
        feeder.reconcile("dev-1");
        assertThatThrownBy(() -> engine.startRecording(RecordingRequest.manual("dev-1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("disabled");
        feeder.deactivate();
        engine.deactivate();
    }
}
