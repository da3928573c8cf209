package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osprey.api.event.EventProperties;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.event.EventTopics;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.GapSpan;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.Timeline;

/** A recorder that falls behind refuses data visibly: an event, a gap, and recording again at a keyframe. */
class OverloadTest {

    private static final long START = Micros.of(Instant.parse("2026-11-20T10:00:00Z"));
    private static final long SECOND = 1_000_000L;

    @TempDir
    Path dir;

    private Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(dir);
        fixture.queuePackets = 10;
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    /** Runs the drain only when told, like a disk that does not keep up; then passes work straight through. */
    private static final class StalledExecutor implements Executor {
        final Deque<Runnable> waiting = new ArrayDeque<>();
        boolean stalled = true;

        @Override
        public void execute(Runnable task) {
            if (stalled) {
                waiting.add(task);
            } else {
                task.run();
            }
        }

        void release() {
            stalled = false;
            while (!waiting.isEmpty()) {
                waiting.poll().run();
            }
        }
    }

    @Test
    void aFullQueueIsAnErrorEventAndAnOverloadGapUntilTheNextKeyframe() throws Exception {
        TestClip clip = TestClip.get();
        RecordingEngine engine = fixture.engine();
        StalledExecutor executor = new StalledExecutor();
        CameraRecorder recorder = engine.recorder("cam-1", "dev-1", executor);
        recorder.streamStarted(clip.streams());
        // 4 s arrive while nothing is written: 10 packets fit, the rest is refused.
        Fixture.feed(recorder, clip.packets(START, 0, 100));
        executor.release();
        Fixture.feed(recorder, clip.packets(START, 100, 250));
        recorder.finish(null).get();
        engine.deactivate();

        long end = START + 10 * TestClip.FRAME_MICROS;
        Timeline timeline = engine.timeline("cam-1", Micros.toInstant(START), Micros.toInstant(START + 20 * SECOND));
        assertThat(timeline.gaps()).containsExactly(new GapSpan("cam-1", Micros.toInstant(end),
                Micros.toInstant(START + 4 * SECOND), GapCause.OVERLOAD));
        List<RecordingSegment> segments = engine.segments("cam-1", Micros.toInstant(START),
                Micros.toInstant(START + 20 * SECOND));
        assertThat(segments.get(0).end()).isEqualTo(Micros.toInstant(end));
        assertThat(segments.get(1).start()).isEqualTo(Micros.toInstant(START + 4 * SECOND));
        assertThat(fixture.events(EventTopics.RECORDING_ERROR)).singleElement()
                .satisfies(e -> assertThat(e.text(EventProperties.CAUSE)).isEqualTo("OVERLOAD"));
        assertThat(fixture.events(EventTopics.RECORDING_STARTED)).hasSize(2);
    }
}
