package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventTopics;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.RecordingRequest;
import org.osprey.api.recording.RecordingSpan;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.Timeline;

/**
 * Continuous recording that a schedule turns on and off, on real files. The test clip has a keyframe every
 * second and a frame every 40 ms.
 */
class ScheduledRecordingTest {

    private static final String CAMERA = "cam-1";
    private static final long START = Micros.of(Instant.parse("2026-11-20T10:00:00Z"));
    private static final long SECOND = 1_000_000L;

    @TempDir
    Path dir;

    private Fixture fixture;
    private TestClip clip;
    private final AtomicBoolean scheduleOn = new AtomicBoolean(true);

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(dir);
        fixture.cameraSchedule = Map.of(CAMERA, "office-hours");
        clip = TestClip.get();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private void feed(CameraRecorder recorder, int from, int to) {
        Fixture.feed(recorder, clip.packets(START, from, to));
    }

    private static RecordingSpan span(int from, int to, RecordingType type) {
        return new RecordingSpan(CAMERA, Micros.toInstant(START + from * SECOND), Micros.toInstant(START + to * SECOND),
                type);
    }

    private Timeline timeline(RecordingEngine engine) {
        return engine.timeline(CAMERA, Micros.toInstant(START - 60 * SECOND), Micros.toInstant(START + 60 * SECOND));
    }

    private void schedule(RecordingEngine engine, boolean on) {
        scheduleOn.set(on);
        engine.applySchedules(camera -> !camera.equals(CAMERA) || scheduleOn.get());
    }

    @Test
    void recordingStopsAndStartsWithTheScheduleWithoutCountingAsAGap() throws Exception {
        RecordingEngine engine = fixture.engine();
        schedule(engine, true);
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feed(recorder, 0, 90);
        // Off at 3.56 s: the segment ends at the next keyframe, 4 s.
        schedule(engine, false);
        assertThat(recorder.wantsStream()).as("kept until the cut, and for the prebuffer").isTrue();
        feed(recorder, 90, 160);
        assertThat(engine.status(CAMERA).recording()).isFalse();
        assertThat(engine.status(CAMERA).message()).isEqualTo("outside the recording schedule");
        assertThat(engine.status(CAMERA).gap()).isNull();
        // On again at 6.36 s: from the keyframe at 7 s.
        schedule(engine, true);
        feed(recorder, 160, 250);
        assertThat(engine.status(CAMERA).type()).isEqualTo(RecordingType.CONTINUOUS);
        recorder.finish(null).get();
        engine.deactivate();

        Timeline timeline = timeline(engine);
        assertThat(timeline.spans()).containsExactly(span(0, 4, RecordingType.CONTINUOUS),
                span(7, 10, RecordingType.CONTINUOUS));
        assertThat(timeline.gaps()).isEmpty();
        assertThat(fixture.events(EventTopics.RECORDING_STOPPED)).anySatisfy(e -> assertThat(
                e.text(EventProperties.MESSAGE)).contains("outside the recording schedule"));
        assertThat(fixture.events(EventTopics.RECORDING_STARTED)).hasSize(2);
    }

    @Test
    void outsideTheScheduleEventRecordingsStillGetTheirPrebuffer() throws Exception {
        RecordingEngine engine = fixture.engine();
        schedule(engine, false);
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feed(recorder, 0, 125);
        assertThat(fixture.segmentFiles()).isEmpty();
        // At 4.96 s with 2 s of prebuffer: from the kept GOP at 2 s, for 1 s of postbuffer after the stop.
        var manual = engine.startRecording(new RecordingRequest(CAMERA, RecordingType.MANUAL, "", Duration.ofSeconds(2),
                Duration.ofSeconds(1)));
        feed(recorder, 125, 150);
        engine.stopRecording(manual.id());
        feed(recorder, 150, 250);
        recorder.finish(null).get();
        engine.deactivate();

        assertThat(timeline(engine).spans()).containsExactly(span(2, 7, RecordingType.MANUAL));
        assertThat(timeline(engine).gaps()).isEmpty();
    }

    @Test
    void aCameraLostWithinTheScheduleIsAGapThatEndsWithTheSchedule() throws Exception {
        RecordingEngine engine = fixture.engine();
        schedule(engine, true);
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feed(recorder, 0, 50);
        recorder.streamStopped("connection reset");
        assertThat(engine.status(CAMERA).gap()).isEqualTo(GapCause.CAMERA_LOST);

        schedule(engine, false);
        assertThat(engine.status(CAMERA).gap()).isNull();
        // Lost again outside the schedule: nothing was expected, so no gap.
        recorder.streamStarted(clip.streams());
        feed(recorder, 100, 150);
        recorder.streamStopped("connection reset");
        assertThat(engine.status(CAMERA).gap()).isNull();
        recorder.finish(null).get();
        engine.deactivate();

        assertThat(timeline(engine).gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.cause()).isEqualTo(GapCause.CAMERA_LOST);
            assertThat(gap.end()).isNotNull();
        });
    }

    @Test
    void camerasWithoutAScheduleAreNotTouched() throws Exception {
        fixture.cameraSchedule = Map.of();
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        assertThat(engine.settings().scheduleOf(CAMERA)).isEmpty();
        assertThat(engine.continuousNow(CAMERA)).isTrue();
        recorder.finish(null).get();
        engine.deactivate();
    }
}
