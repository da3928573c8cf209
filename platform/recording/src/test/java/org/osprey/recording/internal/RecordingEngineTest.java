package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.event.EventTopics;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.GapSpan;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.RecordingSpan;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.ReindexReport;
import org.osprey.api.recording.SeekPoint;
import org.osprey.api.recording.Timeline;

/** The engine on real files, a real H2 file database and real FFmpeg, checked with the system's ffprobe. */
class RecordingEngineTest {

    private static final String CAMERA = "cam-1";
    private static final String DEVICE = "dev-1";
    /** A wall-clock start with microseconds, so rounding to the file's milliseconds is exercised. */
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

    private CameraRecorder recorder(RecordingEngine engine) {
        return engine.recorder(CAMERA, DEVICE, Runnable::run);
    }

    private static Instant at(long micros) {
        return Micros.toInstant(micros);
    }

    private List<RecordingSegment> allSegments(RecordingEngine engine) {
        return engine.segments(CAMERA, at(START - 3600 * SECOND), at(START + 3600 * SECOND));
    }

    @Test
    void segmentsAreValidSelfDescribingAndCutAtKeyframesNearTheTargetLength() throws Exception {
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = recorder(engine);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(START));
        recorder.finish(null).get();
        engine.deactivate();

        List<RecordingSegment> segments = allSegments(engine);
        // 10 s with a keyframe every second, cut at the first keyframe at or after 2 s.
        assertThat(segments).hasSize(5);
        assertThat(fixture.segmentFiles()).hasSize(5);
        assertThat(fixture.root.resolve(SegmentFiles.IDENTITY_FILE)).exists();
        double total = 0;
        for (int i = 0; i < segments.size(); i++) {
            RecordingSegment segment = segments.get(i);
            assertThat(segment.open()).isFalse();
            assertThat(Micros.of(segment.start())).isEqualTo(START + i * 2 * SECOND);
            assertThat(segment.keyframes()).containsExactly(segment.start(), at(Micros.of(segment.start()) + SECOND));
            if (i > 0) {
                assertThat(Micros.of(segment.start()) - Micros.of(segments.get(i - 1).end()))
                        .isBetween(-1000L, 1000L);
            }
            assertThat(segment.path()).isEqualTo(CAMERA + "/2026/11/20/" + Micros.of(segment.start())
                    + "-continuous.mkv");
            Path file = fixture.root.resolve(segment.path());
            assertThat(segment.size()).isEqualTo(Files.size(file));

            JsonNode format = Ffprobe.format(file);
            double duration = format.path("duration").asDouble();
            total += duration;
            assertThat(duration).isCloseTo((Micros.of(segment.end()) - Micros.of(segment.start())) / 1e6,
                    within(0.001));
            assertThat(duration).isBetween(2.0 - 0.001, 3.0);
            JsonNode tags = format.path("tags");
            assertThat(tags.path("OSPREY_CAMERA").asText()).isEqualTo(CAMERA);
            assertThat(tags.path("OSPREY_DEVICE").asText()).isEqualTo(DEVICE);
            assertThat(tags.path("OSPREY_TYPE").asText()).isEqualTo("CONTINUOUS");
            assertThat(tags.path("OSPREY_VERSION").asText()).isEqualTo("0.1.0");
            assertThat(tags.path("OSPREY_START").asText()).isEqualTo(Micros.iso(Micros.of(segment.start())));
            assertThat(Ffprobe.packets(file)).hasSize(50);
        }
        assertThat(total).isCloseTo(TestClip.LENGTH_MICROS / 1e6, within(TestClip.FRAME_MICROS / 1e6));
        assertThat(fixture.events(EventTopics.RECORDING_STARTED)).hasSize(1);
        assertThat(fixture.events(EventTopics.RECORDING_STOPPED)).hasSize(1);
        assertThat(fixture.events(EventTopics.RECORDING_ERROR)).isEmpty();
    }

    @Test
    void aCrashLosesAtMostTheUnfinishedGopAndStartUpRecoversTheSegment() throws Exception {
        // Segments of 2 s: 0-2, 2-4, 4-6 and the one from 6 s that the crash cuts short.
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = recorder(engine);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(START, 0, 175));
        engine.runSync();
        RecordingSegment synced = allSegments(engine).get(3);
        assertThat(synced.open()).isTrue();
        // Forced up to the keyframe at 6 s, whose GOP, the first of this segment, is still being written.
        assertThat(Micros.of(synced.end())).isEqualTo(START + 6 * SECOND);
        assertThat(synced.keyframes()).isEmpty();

        // The GOP from 6 s reaches the operating system when the keyframe at 7 s arrives, but no sync
        // batch commits it; the GOP from 7 s is still in memory when the process dies.
        Fixture.feed(recorder, clip.packets(START, 175, 190));
        long lastFed = START + 189 * TestClip.FRAME_MICROS;
        engine.crash();
        fixture.restartDatabase();

        RecordingEngine restarted = fixture.engine();
        List<RecordingSegment> segments = allSegments(restarted);
        assertThat(segments).hasSize(4).allSatisfy(s -> assertThat(s.open()).isFalse());
        RecordingSegment recovered = segments.get(3);
        assertThat(Micros.of(recovered.start())).isEqualTo(START + 6 * SECOND);
        assertThat(Micros.of(recovered.end())).isEqualTo(START + 7 * SECOND);
        assertThat(lastFed - Micros.of(recovered.end())).isLessThanOrEqualTo(TestClip.GOP_MICROS);
        assertThat(recovered.keyframes()).containsExactly(at(START + 6 * SECOND));
        Path file = fixture.root.resolve(recovered.path());
        assertThat(recovered.size()).isEqualTo(Files.size(file));
        // Playable as it is: ffprobe reads every packet the index claims, without an error, and the file
        // was not rewritten.
        JsonNode packets = Ffprobe.packets(file);
        assertThat(packets).hasSize(25);
        assertThat(packets.get(24).path("pts_time").asDouble()).isCloseTo(0.96, within(0.001));
        assertThat(Ffprobe.format(file).path("duration").isMissingNode()).isTrue();

        assertThat(restarted.status(CAMERA).gap()).isEqualTo(GapCause.SERVER_STOPPED);
        assertThat(restarted.status(CAMERA).since()).isEqualTo(recovered.end());

        // Recording again ends the gap where video resumes, and the next file says why it was missing.
        CameraRecorder again = recorder(restarted);
        again.streamStarted(clip.streams());
        Fixture.feed(again, clip.packets(START + 20 * SECOND, 0, 60));
        again.finish(null).get();
        restarted.deactivate();
        Timeline timeline = restarted.timeline(CAMERA, at(START), at(START + 30 * SECOND));
        assertThat(timeline.gaps()).containsExactly(new GapSpan(CAMERA, recovered.end(), at(START + 20 * SECOND),
                GapCause.SERVER_STOPPED));
        RecordingSegment resumed = allSegments(restarted).get(4);
        JsonNode tags = Ffprobe.format(fixture.root.resolve(resumed.path())).path("tags");
        assertThat(tags.path("OSPREY_GAP_CAUSE").asText()).isEqualTo("SERVER_STOPPED");
        assertThat(tags.path("OSPREY_GAP_START").asText()).isEqualTo(Micros.iso(START + 7 * SECOND));
    }

    /**
     * Cameras whose encoders cut pictures into slices may send each slice as a packet of its own, so a
     * keyframe comes as several key packets of one time. The file holds them all; the index, rebuilt from
     * the file after a crash or by a reindex, has that keyframe once.
     */
    @Test
    void aKeyframeSentInSeveralPacketsIsIndexedOnceAfterACrashAndAReindex() throws Exception {
        clip = TestClip.sliced();
        List<MediaPacket> slices = new ArrayList<>();
        for (MediaPacket packet : clip.packets(START, 0, 190)) {
            if (packet.keyframe()) {
                // Length-prefixed NAL units: the first slice goes alone, the rest after it.
                ByteBuffer data = packet.data().duplicate();
                int cut = data.position() + 4 + data.getInt(data.position());
                assertThat(cut).as("a keyframe of more than one slice").isLessThan(data.limit());
                slices.add(new MediaPacket(packet.streamIndex(), packet.ptsMicros(), packet.dtsMicros(), 0, true,
                        data.duplicate().limit(cut)));
                slices.add(new MediaPacket(packet.streamIndex(), packet.ptsMicros(), packet.dtsMicros(), 0, true,
                        data.duplicate().position(cut)));
            } else {
                slices.add(packet);
            }
        }
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = recorder(engine);
        recorder.streamStarted(clip.streams());
        // As in the crash above: the GOP from 6 s reaches the file, but no sync batch commits it.
        int synced = 175 + 7; // 175 pictures, the keyframes up to 6 s in two packets
        Fixture.feed(recorder, slices.subList(0, synced));
        engine.runSync();
        Fixture.feed(recorder, slices.subList(synced, slices.size()));
        engine.crash();
        fixture.restartDatabase();

        RecordingEngine restarted = fixture.engine();
        List<RecordingSegment> segments = allSegments(restarted);
        assertThat(segments).hasSize(4).allSatisfy(s -> assertThat(s.open()).isFalse());
        assertThat(segments.get(3).keyframes()).startsWith(at(START + 6 * SECOND)).doesNotHaveDuplicates();
        // The GOP from 6 s: its keyframe in two packets and 24 more pictures.
        assertThat(Ffprobe.packets(fixture.root.resolve(segments.get(3).path()))).hasSizeGreaterThanOrEqualTo(26);

        ReindexReport report = restarted.reindex();
        assertThat(report.problems()).isEmpty();
        List<RecordingSegment> reindexed = allSegments(restarted);
        assertThat(reindexed).hasSize(4);
        for (int i = 0; i < reindexed.size(); i++) {
            assertThat(reindexed.get(i).keyframes()).isEqualTo(segments.get(i).keyframes()).doesNotHaveDuplicates();
        }
        restarted.deactivate();
    }

    @Test
    void brokenOrMissingFilesOfOpenSegmentsNeverFailStartUp() throws Exception {
        RecordingEngine engine = fixture.engine();
        String storage = engine.storageFor(CAMERA).id();
        Path folder = fixture.root.resolve(CAMERA + "/2026/11/20");
        Files.createDirectories(folder);
        Files.write(folder.resolve("1-continuous.mkv"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.write(folder.resolve("2-continuous.mkv"), new byte[0]);
        for (String name : List.of("1-continuous.mkv", "2-continuous.mkv", "3-continuous.mkv")) {
            engine.index().insertOpen(new SegmentState(CAMERA, DEVICE, storage, CAMERA + "/2026/11/20/" + name,
                    folder.resolve(name), START, RecordingType.CONTINUOUS, START, List.of()));
        }
        engine.deactivate();
        fixture.restartDatabase();

        RecordingEngine restarted = fixture.engine();
        assertThat(allSegments(restarted)).isEmpty();
        assertThat(restarted.index().openSegments(storage)).isEmpty();
        // The leftover file makes the empty index look lost: the rebuild reports it and indexes nothing.
        assertThat(restarted.startupReindex().get().problems()).singleElement().asString()
                .startsWith(CAMERA + "/2026/11/20/1-continuous.mkv: ");
        // Unreadable files are not the index's to delete.
        assertThat(folder.resolve("1-continuous.mkv")).exists();
        assertThat(folder.resolve("2-continuous.mkv")).doesNotExist();
        restarted.deactivate();
    }

    @Test
    void aLostDatabaseIsRebuiltFromTheFilesWithTheSameTimeline() throws Exception {
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = recorder(engine);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(START, 0, 125));
        recorder.streamStopped("connection lost");
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(START + 8 * SECOND));
        recorder.finish(null).get();
        engine.deactivate();
        Instant from = at(START - 60 * SECOND);
        Instant to = at(START + 60 * SECOND);
        Timeline before = engine.timeline(CAMERA, from, to);
        List<RecordingSegment> segmentsBefore = allSegments(engine);
        assertThat(before.spans()).containsExactly(
                new RecordingSpan(CAMERA, at(START), at(START + 5 * SECOND), RecordingType.CONTINUOUS),
                new RecordingSpan(CAMERA, at(START + 8 * SECOND), at(START + 18 * SECOND), RecordingType.CONTINUOUS));
        assertThat(before.gaps()).containsExactly(
                new GapSpan(CAMERA, at(START + 5 * SECOND), at(START + 8 * SECOND), GapCause.CAMERA_LOST));

        fixture.loseDatabase();
        RecordingEngine rebuilt = fixture.engine();
        ReindexReport report = rebuilt.startupReindex().get();
        assertThat(report.problems()).isEmpty();
        assertThat(report.files()).isEqualTo(segmentsBefore.size());
        assertThat(rebuilt.timeline(CAMERA, from, to)).isEqualTo(before);
        assertThat(withoutIds(allSegments(rebuilt))).isEqualTo(withoutIds(segmentsBefore));

        // Reindexing an intact index changes nothing, not even the ids.
        List<RecordingSegment> rebuiltSegments = allSegments(rebuilt);
        ReindexReport again = rebuilt.reindex();
        assertThat(again.removed()).isZero();
        assertThat(allSegments(rebuilt)).isEqualTo(rebuiltSegments);

        // A damaged schema is rebuilt the same way at start-up.
        rebuilt.deactivate();
        fixture.db().withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE osprey_rec_keyframe");
            }
            return null;
        });
        RecordingEngine repaired = fixture.engine();
        assertThat(repaired.startupReindex().get().problems()).isEmpty();
        assertThat(repaired.timeline(CAMERA, from, to)).isEqualTo(before);
        assertThat(withoutIds(allSegments(repaired))).isEqualTo(withoutIds(segmentsBefore));
        repaired.deactivate();
    }

    private static List<RecordingSegment> withoutIds(List<RecordingSegment> segments) {
        return segments.stream().map(s -> new RecordingSegment(0, s.cameraId(), s.storageId(), s.path(), s.start(),
                s.end(), s.size(), s.type(), s.open(), s.keyframes())).toList();
    }

    @Test
    void seekFindsTheKeyframeAtOrBeforeAnInstantOrTheNextRecording() throws Exception {
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = recorder(engine);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(START, 0, 125));
        recorder.streamStopped("connection lost");
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(START + 8 * SECOND, 0, 50));
        recorder.finish(null).get();
        engine.deactivate();

        SeekPoint mid = engine.seek(CAMERA, at(START + 3 * SECOND + 500_000)).orElseThrow();
        assertThat(mid.keyframe()).isEqualTo(at(START + 3 * SECOND));
        assertThat(mid.segment().start()).isEqualTo(at(START + 2 * SECOND));
        assertThat(mid.segment().keyframes()).contains(mid.keyframe());
        assertThat(engine.seek(CAMERA, at(START + 4 * SECOND)).orElseThrow().keyframe())
                .isEqualTo(at(START + 4 * SECOND));
        assertThat(engine.seek(CAMERA, at(START + 4 * SECOND - 1)).orElseThrow().keyframe())
                .isEqualTo(at(START + 3 * SECOND));
        // In the gap and before the first recording, playback starts where video resumes.
        assertThat(engine.seek(CAMERA, at(START + 6 * SECOND)).orElseThrow().keyframe())
                .isEqualTo(at(START + 8 * SECOND));
        assertThat(engine.seek(CAMERA, at(START - SECOND)).orElseThrow().keyframe()).isEqualTo(at(START));
        assertThat(engine.seek(CAMERA, at(START + 11 * SECOND))).isEmpty();
        assertThat(engine.seek("other", at(START))).isEmpty();
    }
}
