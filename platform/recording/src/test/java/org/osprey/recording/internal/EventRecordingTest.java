package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventTopics;
import org.osprey.api.event.OspreyEvent;
import org.osprey.api.recording.EventRecording;
import org.osprey.api.recording.RecordingRequest;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.RecordingSpan;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.Timeline;

/**
 * Event recordings on real files: their type on the timeline from the keyframe before their prebuffer,
 * their postbuffer, the trigger period, and cameras that are recorded only while an event recording runs.
 * The test clip has a keyframe every second and a frame every 40 ms; segments are cut after 2 s.
 */
class EventRecordingTest {

    private static final String CAMERA = "cam-1";
    private static final long START = Micros.of(Instant.parse("2026-11-20T10:00:00.123456Z"));
    private static final long SECOND = 1_000_000L;

    @TempDir
    Path dir;

    private Fixture fixture;
    private TestClip clip;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(dir);
        clip = TestClip.get();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private static Instant at(long micros) {
        return Micros.toInstant(micros);
    }

    private static long second(int n) {
        return START + n * SECOND;
    }

    private void feed(CameraRecorder recorder, int from, int to) {
        Fixture.feed(recorder, clip.packets(START, from, to));
    }

    private static RecordingRequest request(RecordingType type, String source, int prebuffer, int postbuffer) {
        return new RecordingRequest(CAMERA, type, source, Duration.ofSeconds(prebuffer),
                Duration.ofSeconds(postbuffer));
    }

    private static RecordingSpan span(int from, int to, RecordingType type) {
        return new RecordingSpan(CAMERA, at(second(from)), at(second(to)), type);
    }

    private Timeline timeline(RecordingEngine engine) {
        return engine.timeline(CAMERA, at(START - 60 * SECOND), at(START + 60 * SECOND));
    }

    private List<RecordingSegment> segments(RecordingEngine engine) {
        return engine.segments(CAMERA, at(START - 60 * SECOND), at(START + 60 * SECOND));
    }

    private List<OspreyEvent> eventsOf(String topic, RecordingType type) {
        return fixture.events(topic).stream().filter(e -> e.text(EventProperties.RECORDING_TYPE).equals(type.name()))
                .toList();
    }

    @Test
    void aManualRecordingShowsFromTheKeyframeBeforeItsPrebufferUntilItsPostbufferEnds() throws Exception {
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        // Up to 4.96 s; the manual recording starts there, its prebuffer of 3 s reaches 1.96 s, whose GOP
        // begins at 1 s.
        feed(recorder, 0, 125);
        EventRecording manual = engine.startRecording(request(RecordingType.MANUAL, "", 3, 1));
        assertThat(engine.eventRecordings(CAMERA)).containsExactly(manual);
        feed(recorder, 125, 175);
        assertThat(engine.status(CAMERA).type()).isEqualTo(RecordingType.MANUAL);
        // Stopped at 6.96 s: the postbuffer of 1 s runs to the keyframe at 8 s.
        assertThat(engine.stopRecording(manual.id())).hasValueSatisfying(r -> assertThat(r.stopping()).isTrue());
        feed(recorder, 175, 195);
        assertThat(engine.eventRecordings(CAMERA)).singleElement()
                .satisfies(r -> assertThat(r.id()).isEqualTo(manual.id()));
        assertThat(engine.status(CAMERA).type()).isEqualTo(RecordingType.MANUAL);
        feed(recorder, 195, 250);
        assertThat(engine.eventRecordings(CAMERA)).isEmpty();
        recorder.finish(null).get();
        engine.deactivate();

        Timeline timeline = timeline(engine);
        assertThat(timeline.spans()).containsExactly(span(0, 1, RecordingType.CONTINUOUS),
                span(1, 8, RecordingType.MANUAL), span(8, 10, RecordingType.CONTINUOUS));
        assertThat(timeline.gaps()).isEmpty();
        // The files never overlap and each has one type; the continuous file from 4 s ends where the
        // manual one begins, at the first keyframe after the start.
        assertThat(segments(engine)).extracting(RecordingSegment::type).containsExactly(RecordingType.CONTINUOUS,
                RecordingType.CONTINUOUS, RecordingType.CONTINUOUS, RecordingType.MANUAL, RecordingType.MANUAL,
                RecordingType.CONTINUOUS);
        assertThat(segments(engine)).extracting(s -> Micros.of(s.start())).containsExactly(second(0), second(2),
                second(4), second(5), second(7), second(8));
        RecordingSegment first = segments(engine).get(3);
        JsonNode tags = Ffprobe.format(fixture.root.resolve(first.path())).path("tags");
        assertThat(tags.path("OSPREY_TYPE").asText()).isEqualTo("MANUAL");
        assertThat(tags.path("OSPREY_TYPE_FROM").asText()).isEqualTo(Micros.iso(second(1)));
        assertThat(first.path()).endsWith(second(5) + "-manual.mkv");

        assertThat(eventsOf(EventTopics.RECORDING_STARTED, RecordingType.MANUAL)).singleElement()
                .satisfies(e -> assertThat(e.text(EventProperties.RECORDING_ID)).isEqualTo(manual.id()));
        assertThat(eventsOf(EventTopics.RECORDING_STOPPED, RecordingType.MANUAL)).singleElement()
                .satisfies(e -> assertThat(e.text(EventProperties.RECORDING_ID)).isEqualTo(manual.id()));
        assertThat(eventsOf(EventTopics.RECORDING_STARTED, RecordingType.CONTINUOUS)).hasSize(1);

        // The type, prebuffer included, is rebuilt from the files alone.
        fixture.loseDatabase();
        RecordingEngine rebuilt = fixture.engine();
        assertThat(rebuilt.startupReindex().get().problems()).isEmpty();
        assertThat(timeline(rebuilt)).isEqualTo(timeline);
        rebuilt.deactivate();
    }

    @Test
    void aRepeatedStartKeepsARecordingRunningAndTheStopRunsItsPostbuffer() throws Exception {
        fixture.continuous = false;
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feed(recorder, 0, 100);
        // No prebuffer: from the keyframe at or before the start (3.96 s), 3 s.
        EventRecording rule = engine.startRecording(request(RecordingType.RULE, "rule-1", 0, 1));
        feed(recorder, 100, 125);
        engine.stopRecording(CAMERA, RecordingType.RULE, "rule-1");
        // Stopped at 4.96 s, so it would end at the keyframe at 6 s; triggered again inside the postbuffer.
        feed(recorder, 125, 140);
        EventRecording again = engine.startRecording(request(RecordingType.RULE, "rule-1", 0, 1));
        assertThat(again.id()).isEqualTo(rule.id());
        assertThat(again.stopping()).isFalse();
        // Another rule is another recording of the same type, and stopping it leaves the first running.
        EventRecording other = engine.startRecording(request(RecordingType.RULE, "rule-2", 0, 0));
        assertThat(other.id()).isNotEqualTo(rule.id());
        engine.stopRecording(other.id());
        feed(recorder, 140, 180);
        assertThat(engine.eventRecordings(CAMERA)).extracting(EventRecording::id).containsExactly(rule.id());
        assertThat(engine.status(CAMERA).recording()).isTrue();
        // Stopped at 7.16 s: recording goes on for the postbuffer, to the keyframe at 9 s.
        engine.stopRecording(rule.id());
        feed(recorder, 180, 250);
        assertThat(engine.status(CAMERA).recording()).isFalse();
        assertThat(engine.status(CAMERA).gap()).isNull();
        recorder.finish(null).get();
        engine.deactivate();

        assertThat(timeline(engine).spans()).containsExactly(span(3, 9, RecordingType.RULE));
        assertThat(timeline(engine).gaps()).isEmpty();
        List<OspreyEvent> started = eventsOf(EventTopics.RECORDING_STARTED, RecordingType.RULE);
        assertThat(started).extracting(e -> e.text(EventProperties.RECORDING_ID)).containsExactly(rule.id(), other.id());
        assertThat(eventsOf(EventTopics.RECORDING_STOPPED, RecordingType.RULE))
                .extracting(e -> e.text(EventProperties.RECORDING_ID)).containsExactly(other.id(), rule.id());
        assertThat(fixture.events(EventTopics.RECORDING_ERROR)).isEmpty();
    }

    @Test
    void aCameraWithoutContinuousRecordingRecordsOnlyItsEventsFromItsPrebuffer() throws Exception {
        fixture.continuous = false;
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feed(recorder, 0, 125);
        assertThat(fixture.segmentFiles()).isEmpty();
        assertThat(engine.status(CAMERA).recording()).isFalse();
        // Started at 4.96 s with 2 s of prebuffer: written from the kept GOP at 2 s.
        EventRecording manual = engine.startRecording(request(RecordingType.MANUAL, "", 2, 0));
        assertThat(engine.status(CAMERA).recording()).isTrue();
        feed(recorder, 125, 150);
        engine.stopRecording(manual.id());
        feed(recorder, 150, 225);
        // Motion at 8.96 s without prebuffer: from its own GOP at 8 s, until the stream ends.
        engine.startRecording(request(RecordingType.MOTION, "detector", 0, 0));
        feed(recorder, 225, 250);
        recorder.finish(null).get();
        engine.deactivate();

        assertThat(timeline(engine).spans()).containsExactly(span(2, 6, RecordingType.MANUAL),
                span(8, 10, RecordingType.MOTION));
        assertThat(timeline(engine).gaps()).isEmpty();
        List<RecordingSegment> segments = segments(engine);
        assertThat(segments).extracting(s -> Micros.of(s.start())).containsExactly(second(2), second(4), second(8));
        assertThat(fixture.segmentFiles()).hasSize(3);
        // Each file plays from its first packet, the prebuffer's keyframe included.
        for (RecordingSegment segment : segments) {
            JsonNode packets = Ffprobe.packets(fixture.root.resolve(segment.path()));
            assertThat(packets.get(0).path("flags").asText()).startsWith("K");
        }
        assertThat(Ffprobe.packets(fixture.root.resolve(segments.get(0).path()))).hasSize(50);
        assertThat(eventsOf(EventTopics.RECORDING_STARTED, RecordingType.CONTINUOUS)).isEmpty();
    }

    @Test
    void anEventShorterThanAGopStillShowsOnTheTimeline() throws Exception {
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feed(recorder, 0, 125);
        // Started and stopped at 4.96 s without buffers: the GOP it fell in and the next one are its own.
        EventRecording motion = engine.startRecording(request(RecordingType.MOTION, "detector", 0, 0));
        engine.stopRecording(motion.id());
        feed(recorder, 125, 250);
        recorder.finish(null).get();
        engine.deactivate();

        assertThat(timeline(engine).spans()).containsExactly(span(0, 4, RecordingType.CONTINUOUS),
                span(4, 6, RecordingType.MOTION), span(6, 10, RecordingType.CONTINUOUS));
    }

    @Test
    void requestsOutsideTheLimitsAreRefused() throws Exception {
        RecordingEngine engine = fixture.engine();
        engine.recorder(CAMERA, "dev-1", Runnable::run);
        assertThatThrownBy(() -> engine.startRecording(request(RecordingType.CONTINUOUS, "", 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MANUAL, RULE or MOTION");
        assertThatThrownBy(() -> engine.startRecording(request(RecordingType.MANUAL, "", 11, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prebuffer");
        assertThatThrownBy(() -> engine.startRecording(request(RecordingType.MANUAL, "", 0, -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postbuffer");
        // Without the buffers the server's defaults apply.
        EventRecording manual = engine.startRecording(RecordingRequest.manual(CAMERA));
        assertThat(manual.prebuffer()).isEqualTo(Duration.ofSeconds(3));
        assertThat(manual.postbuffer()).isEqualTo(Duration.ofSeconds(5));
        assertThat(engine.stopRecording("no-such-id")).isEmpty();
        assertThat(engine.stopRecording(CAMERA, RecordingType.RULE, "")).isEmpty();
        engine.deactivate();
    }

    @Test
    void aCrashKeepsTheTypeOfTheSegmentItCutShort() throws Exception {
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feed(recorder, 0, 125);
        engine.startRecording(request(RecordingType.MANUAL, "", 3, 1));
        // The manual segment from 5 s has its first GOP on disk; the one from 6 s is in memory at the kill.
        feed(recorder, 125, 165);
        engine.runSync();
        engine.crash();
        fixture.restartDatabase();

        RecordingEngine restarted = fixture.engine();
        Timeline timeline = timeline(restarted);
        assertThat(timeline.spans()).containsExactly(span(0, 1, RecordingType.CONTINUOUS),
                span(1, 6, RecordingType.MANUAL));
        assertThat(timeline.gaps()).singleElement().satisfies(g -> {
            assertThat(g.start()).isEqualTo(at(second(6)));
            assertThat(g.cause()).isEqualTo(org.osprey.api.recording.GapCause.SERVER_STOPPED);
        });
        restarted.deactivate();
    }

    @Test
    void aCrashOfACameraRecordedOnlyForEventsLeavesNoGap() throws Exception {
        fixture.continuous = false;
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feed(recorder, 0, 125);
        engine.startRecording(request(RecordingType.RULE, "rule-1", 2, 0));
        feed(recorder, 125, 165);
        engine.runSync();
        engine.crash();
        fixture.restartDatabase();

        // Event recordings do not outlive the server, so nothing is expected after the kill.
        RecordingEngine restarted = fixture.engine();
        assertThat(timeline(restarted).spans()).containsExactly(span(2, 6, RecordingType.RULE));
        assertThat(timeline(restarted).gaps()).isEmpty();
        assertThat(restarted.status(CAMERA).gap()).isNull();
        restarted.deactivate();
    }
}
