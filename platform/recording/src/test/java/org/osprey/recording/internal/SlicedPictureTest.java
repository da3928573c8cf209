package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.recording.RecordingSegment;

/**
 * Keyframes sent as several slice packets, each flagged as a keyframe and a few microseconds apart, as some
 * cameras and FFmpeg's RTSP reader deliver them: a segment never starts at a picture's second slice.
 */
class SlicedPictureTest {

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
    void aSegmentCutKeepsThePacketsOfOnePictureTogether() throws Exception {
        TestClip clip = TestClip.get();
        List<MediaPacket> packets = new ArrayList<>();
        Set<Long> firstSlices = new HashSet<>();
        int keyframe = 0;
        for (MediaPacket packet : clip.packets(START)) {
            if (!packet.keyframe()) {
                packets.add(packet);
                continue;
            }
            // The first slice comes n microseconds before the second, so with 2 s segments a cut by time alone
            // would fall between the two slices of the keyframe after the target.
            long first = packet.ptsMicros() - keyframe++;
            firstSlices.add(first);
            packets.add(new MediaPacket(0, first, first, 0, true, packet.data().duplicate()));
            packets.add(new MediaPacket(0, packet.ptsMicros(), packet.dtsMicros(), 0, true, packet.data().duplicate()));
        }

        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, packets);
        recorder.finish(null).get();
        engine.deactivate();

        List<RecordingSegment> segments = engine.segments(CAMERA, Micros.toInstant(START - 60_000_000L),
                Micros.toInstant(START + 60_000_000L));
        assertThat(segments).hasSizeGreaterThan(2);
        assertThat(segments).allSatisfy(segment -> assertThat(firstSlices)
                .as("segment from %s starts at a picture's first slice", segment.start())
                .contains(Micros.of(segment.start())));
    }
}
