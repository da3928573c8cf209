package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.recording.RecordingSegment;

/** The recorder is handed its packets a GOP at a time, which is what a stream costs in thread hand-overs. */
class DrainHandOverTest {

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
    void theDrainTaskIsWokenOncePerGopAndEveryPacketIsRecorded() throws Exception {
        TestClip clip = TestClip.get();
        RecordingEngine engine = fixture.engine();
        AtomicInteger wakes = new AtomicInteger();
        Executor counting = task -> {
            wakes.incrementAndGet();
            task.run();
        };
        CameraRecorder recorder = engine.recorder("cam-1", "dev-1", counting);
        assertThat(recorder.callableFromProducer()).isTrue();
        recorder.streamStarted(clip.streams());
        int afterStart = wakes.get();
        List<MediaPacket> packets = clip.packets(START, 0, 4 * TestClip.FPS);

        Fixture.feed(recorder, packets);

        long keyframes = packets.stream().filter(MediaPacket::keyframe).count();
        assertThat(keyframes).isEqualTo(4);
        assertThat(wakes.get() - afterStart).isEqualTo(keyframes);
        recorder.finish(null).get();
        engine.deactivate();
        List<RecordingSegment> segments = engine.segments("cam-1", Micros.toInstant(START),
                Micros.toInstant(START + 10_000_000L));
        MediaPacket last = packets.get(packets.size() - 1);
        assertThat(segments).isNotEmpty();
        assertThat(segments.get(segments.size() - 1).end())
                .isEqualTo(Micros.toInstant(last.ptsMicros() + TestClip.FRAME_MICROS));
    }
}
