package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventTopics;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.StorageStatus;

/** Storage identity, wrong or empty mounts, and retention, on real files. */
class StorageAndRetentionTest {

    private static final long SECOND = 1_000_000L;
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    private Fixture fixture;
    private TestClip clip;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(dir);
        fixture.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        clip = TestClip.get();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private static void record(RecordingEngine engine, String camera, long startMicros) throws Exception {
        CameraRecorder recorder = engine.recorder(camera, "dev", Runnable::run);
        recorder.streamStarted(TestClip.get().streams());
        Fixture.feed(recorder, TestClip.get().packets(startMicros, 0, 100));
        recorder.finish(null).get();
    }

    private static List<RecordingSegment> segments(RecordingEngine engine, String camera) {
        return engine.segments(camera, Instant.EPOCH, NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void retentionDeletesOnlySegmentsOlderThanTheirCamerasLimit() throws Exception {
        fixture.retentionDays = 5;
        fixture.cameraRetention = Map.of("cam-kept", 0);
        RecordingEngine engine = fixture.engine();
        long old = Micros.of(NOW.minus(Duration.ofDays(8)));
        long recent = Micros.of(NOW.minus(Duration.ofDays(4)));
        record(engine, "cam-1", old);
        engine.index().mergeGap("cam-1", old - 10 * SECOND, old, GapCause.CAMERA_LOST);
        record(engine, "cam-1", recent);
        record(engine, "cam-kept", old);
        engine.runSync();
        List<RecordingSegment> before = segments(engine, "cam-1");
        assertThat(before).hasSize(4);

        assertThat(engine.runRetention()).isEqualTo(2);

        List<RecordingSegment> after = segments(engine, "cam-1");
        assertThat(after).containsExactlyElementsOf(before.subList(2, 4));
        for (RecordingSegment gone : before.subList(0, 2)) {
            assertThat(fixture.root.resolve(gone.path())).doesNotExist();
        }
        // The day's folder went with its last file; the camera's stays.
        assertThat(fixture.root.resolve(before.get(0).path()).getParent()).doesNotExist();
        assertThat(fixture.root.resolve("cam-1")).isDirectory();
        after.forEach(s -> assertThat(fixture.root.resolve(s.path())).exists());
        assertThat(segments(engine, "cam-kept")).hasSize(2);
        assertThat(engine.timeline("cam-1", Instant.EPOCH, NOW).gaps()).isEmpty();
        assertThat(engine.runRetention()).isZero();
        engine.deactivate();
    }

    @Test
    void aDifferentDiskAtTheStorageFolderIsUnavailableAndNotWritten() throws Exception {
        RecordingEngine engine = fixture.engine();
        record(engine, "cam-1", Micros.of(NOW.minusSeconds(60)));
        engine.deactivate();
        Path identity = fixture.root.resolve(SegmentFiles.IDENTITY_FILE);
        String original = Files.readString(identity);
        Files.writeString(identity, "id=another-disk\ncreated=2026-01-01T00:00:00.000000Z\n");
        List<Path> filesBefore = fixture.segmentFiles();

        RecordingEngine restarted = fixture.engine();
        assertThat(restarted.storages()).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo(StorageStatus.UNAVAILABLE));
        assertThat(fixture.events(EventTopics.RECORDING_ERROR)).anySatisfy(e ->
                assertThat(e.text(EventProperties.STATUS)).isEqualTo("UNAVAILABLE"));
        CameraRecorder recorder = restarted.recorder("cam-1", "dev", Runnable::run);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(Micros.of(NOW.minusSeconds(30)), 0, 100));
        assertThat(fixture.segmentFiles()).isEqualTo(filesBefore);
        assertThat(Files.readString(identity)).startsWith("id=another-disk");
        assertThat(restarted.status("cam-1").storage()).isEqualTo(StorageStatus.UNAVAILABLE);
        assertThat(restarted.status("cam-1").gap()).isEqualTo(GapCause.STORAGE_UNAVAILABLE);
        assertThat(restarted.timeline("cam-1", NOW.minusSeconds(40), NOW.plusSeconds(10)).gaps())
                .singleElement().satisfies(g -> {
                    assertThat(g.cause()).isEqualTo(GapCause.STORAGE_UNAVAILABLE);
                    assertThat(g.start()).isEqualTo(NOW.minusSeconds(30));
                    assertThat(g.end()).isEqualTo(NOW);
                });
        recorder.finish(GapCause.SERVER_STOPPED).get();
        // Nothing is rebuilt or dropped from a disk that is not the storage.
        assertThat(restarted.reindex().problems()).singleElement().asString().contains("UNAVAILABLE");
        assertThat(segments(restarted, "cam-1")).hasSize(2);
        restarted.deactivate();

        // The right disk back: recognised again.
        Files.writeString(identity, original);
        RecordingEngine recovered = fixture.engine();
        assertThat(recovered.storages().get(0).status()).isEqualTo(StorageStatus.OK);
        recovered.deactivate();
    }

    @Test
    void anEmptyStorageFolderWhereTheIndexHasRecordingsIsAnUnmountedDisk() throws Exception {
        RecordingEngine engine = fixture.engine();
        record(engine, "cam-1", Micros.of(NOW.minusSeconds(60)));
        engine.deactivate();
        // What an empty mount point looks like: the folder is there, its contents are not.
        try (Stream<Path> files = Files.walk(fixture.root)) {
            files.sorted((a, b) -> b.compareTo(a)).filter(f -> !f.equals(fixture.root)).forEach(f -> f.toFile().delete());
        }

        RecordingEngine restarted = fixture.engine();
        assertThat(restarted.storages().get(0).status()).isEqualTo(StorageStatus.UNAVAILABLE);
        assertThat(restarted.storages().get(0).message()).contains("not mounted");
        record(restarted, "cam-1", Micros.of(NOW));
        try (Stream<Path> files = Files.list(fixture.root)) {
            assertThat(files).isEmpty();
        }
        assertThat(segments(restarted, "cam-1")).hasSize(2);
        restarted.deactivate();
    }

    @Test
    void aStorageThatGoesAwayWhileRecordingIsAGapAndRecordingResumesWhenItIsBack() throws Exception {
        fixture.clock = Clock.systemUTC();
        RecordingEngine engine = fixture.engine();
        long start = Micros.of(NOW);
        CameraRecorder recorder = engine.recorder("cam-1", "dev", Runnable::run);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(start, 0, 100));

        // Unmounted: the folder is there, empty.
        Path away = dir.resolve("unmounted");
        Files.move(fixture.root, away);
        Files.createDirectories(fixture.root);
        Fixture.feed(recorder, clip.packets(start, 100, 150));
        try (Stream<Path> files = Files.list(fixture.root)) {
            assertThat(files).isEmpty();
        }
        assertThat(engine.storages().get(0).status()).isEqualTo(StorageStatus.UNAVAILABLE);
        assertThat(engine.status("cam-1").gap()).isEqualTo(GapCause.STORAGE_UNAVAILABLE);

        Files.delete(fixture.root);
        Files.move(away, fixture.root);
        engine.checkStorage();
        assertThat(engine.storages().get(0).status()).isEqualTo(StorageStatus.OK);
        Fixture.feed(recorder, clip.packets(start, 150, 250));
        recorder.finish(null).get();
        engine.deactivate();

        var timeline = engine.timeline("cam-1", NOW, NOW.plusSeconds(20));
        assertThat(timeline.spans()).extracting(s -> s.start(), s -> s.end()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(NOW, NOW.plusSeconds(4)),
                org.assertj.core.groups.Tuple.tuple(NOW.plusSeconds(6), NOW.plusSeconds(10)));
        assertThat(timeline.gaps()).singleElement().satisfies(g -> {
            assertThat(g.cause()).isEqualTo(GapCause.STORAGE_UNAVAILABLE);
            assertThat(g.start()).isEqualTo(NOW.plusSeconds(4));
            assertThat(g.end()).isEqualTo(NOW.plusSeconds(6));
        });
        assertThat(segments(engine, "cam-1")).allSatisfy(s -> assertThat(s.open()).isFalse());
        assertThat(fixture.events(EventTopics.RECORDING_ERROR)).anySatisfy(e ->
                assertThat(e.text(EventProperties.CAUSE)).isEqualTo("STORAGE_UNAVAILABLE"));
    }
}
