package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.recording.RecordingSegment;

/**
 * An engine restarted by a configuration change is fed the camera's stream again from the GOP ring, so its
 * first keyframe may be one the engine before it already wrote: that file and its index row stay as they are.
 */
class RestartedEngineTest {

    private static final String CAMERA = "cam-1";
    private static final long START = Micros.of(Instant.parse("2026-11-20T10:00:00Z"));

    @TempDir
    Path dir;

    private Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void aKeyframeWrittenBeforeTheRestartIsNotWrittenAgainNorReopened() throws Exception {
        TestClip clip = TestClip.get();
        RecordingEngine first = fixture.engine();
        CameraRecorder recorder = first.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(START, 0, 40));
        recorder.finish(null).get();
        first.deactivate();
        List<RecordingSegment> before = segments(first);

        RecordingEngine second = fixture.engine();
        CameraRecorder again = second.recorder(CAMERA, "dev-1", Runnable::run);
        again.streamStarted(clip.streams());
        // The ring replays from the start of the GOPs it holds: the keyframes at 0 and 1 s are in the first
        // file already.
        Fixture.feed(again, clip.packets(START, 0, 100));
        again.finish(null).get();
        second.deactivate();

        List<RecordingSegment> after = segments(second);
        assertThat(after.get(0)).isEqualTo(before.get(0));
        for (int i = 1; i < after.size(); i++) {
            assertThat(after.get(i).start()).as("no overlap").isAfterOrEqualTo(after.get(i - 1).end());
        }
        assertThat(after).allSatisfy(s -> assertThat(s.open()).as("%s open", s.path()).isFalse());
        assertThat(after.get(after.size() - 1).end()).isAfter(before.get(before.size() - 1).end());
    }

    private static List<RecordingSegment> segments(RecordingEngine engine) {
        return engine.segments(CAMERA, Micros.toInstant(START - 60_000_000L), Micros.toInstant(START + 60_000_000L));
    }
}
