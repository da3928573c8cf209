package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventTopics;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.NonIndexedFile;
import org.osprey.api.recording.RecordingLock;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.StorageInfo;
import org.osprey.api.recording.StorageStatus;
import org.osprey.sdk.test.Waiter;

/**
 * Storages with an allocation, locks, several storages and files the index does not know, on real files.
 * A 2 s segment of the test clip takes about 100 kB.
 */
class StorageAllocationTest {

    private static final String CAMERA = "cam-1";
    private static final long START = Micros.of(Instant.parse("2026-11-20T10:00:00Z"));
    private static final long SECOND = 1_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    private List<RecordingSegment> segments(RecordingEngine engine, String camera) {
        return engine.segments(camera, at(START - 3600 * SECOND), at(START + 3600 * SECOND));
    }

    /** Ten seconds of the clip from {@code offset} seconds on. */
    private void feedClip(CameraRecorder recorder, int offset) {
        Fixture.feed(recorder, clip.packets(START + offset * SECOND));
    }

    @Test
    void aFullAllocationDeletesTheOldestUnlockedRecordingsWhileRecordingGoesOn() throws Exception {
        fixture.allocation = 300_000;
        RecordingEngine engine = fixture.engine();
        RecordingLock lock = engine.lock(CAMERA, at(START), at(START + SECOND), "evidence");
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feedClip(recorder, 0);
        // The commit that takes the recordings past the allocation starts the cleanup at once.
        engine.runSync();
        Waiter.waitForAssert(() -> assertThat(engine.storages().get(0).overwriting()).isTrue(), WAIT);
        // Waits for that cleanup, which runs within the storage check.
        engine.checkStorage();

        List<RecordingSegment> left = segments(engine, CAMERA);
        StorageInfo storage = engine.storages().get(0);
        assertThat(storage.status()).isEqualTo(StorageStatus.OK);
        assertThat(storage.overwriting()).isTrue();
        assertThat(storage.allocatedBytes()).isEqualTo(300_000);
        assertThat(storage.usedBytes()).isLessThanOrEqualTo(300_000)
                .isEqualTo(left.stream().mapToLong(RecordingSegment::size).sum());
        // The locked first segment stays; of the others the oldest went, the newest are there.
        assertThat(left.get(0).start()).isEqualTo(at(START));
        assertThat(left.get(0).locked()).isTrue();
        assertThat(left.subList(1, left.size())).allSatisfy(s -> assertThat(s.locked()).isFalse());
        assertThat(Micros.of(left.get(1).start())).isGreaterThan(START + 2 * SECOND);
        assertThat(left.get(left.size() - 1).open()).isTrue();
        assertThat(fixture.segmentFiles()).hasSize(left.size());
        assertThat(fixture.events(EventTopics.STORAGE_STATUS)).anySatisfy(e -> {
            assertThat(e.text(EventProperties.STATUS)).isEqualTo("OK");
            assertThat(e.text(EventProperties.CAUSE)).isEqualTo("ALLOCATION_REACHED");
        });

        // Recording went on throughout, and goes on.
        feedClip(recorder, 10);
        engine.runSync();
        engine.checkStorage();
        Waiter.waitForAssert(() -> assertThat(engine.status(CAMERA).recording()).isTrue(), WAIT);
        assertThat(engine.timeline(CAMERA, at(START), at(START + 20 * SECOND)).gaps()).isEmpty();
        assertThat(engine.storages().get(0).usedBytes()).isLessThanOrEqualTo(300_000);
        assertThat(segments(engine, CAMERA).get(0).start()).isEqualTo(at(START));
        assertThat(engine.locks(CAMERA, at(START - SECOND), at(START + 20 * SECOND))).containsExactly(lock);
        recorder.finish(null).get();
        engine.deactivate();
    }

    /**
     * A storage on a small filesystem reaches its reserve: the oldest recordings go one by one, measuring
     * the free space after each, until it is a margin above the reserve, and not the whole batch of
     * candidates at once. Needs a filesystem of known size, so it mounts a tmpfs where it may.
     */
    @Test
    void aStorageAtItsReserveDeletesOnlyWhatTheReserveAsksFor() throws Exception {
        Files.createDirectories(fixture.root);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", fixture.root.toString())
                .redirectErrorStream(true).start();
        String refused = new String(mount.getInputStream().readAllBytes());
        Assumptions.assumeTrue(mount.waitFor() == 0, () -> "a small filesystem cannot be mounted here: " + refused);
        try {
            long total = Files.getFileStore(fixture.root).getTotalSpace();
            // About 1 MB for recordings before room must be made, and about 0.6 MB once it is made.
            fixture.reserve = total - 1_200_000;
            long margin = fixture.reserve / 10;
            RecordingEngine engine = fixture.engine();
            CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
            recorder.streamStarted(clip.streams());
            // Until the first room is made; what is left right after it is what counts.
            for (int clipNumber = 0; clipNumber < 3 && !engine.storages().get(0).overwriting(); clipNumber++) {
                feedClip(recorder, 10 * clipNumber);
                engine.runSync();
                engine.checkStorage();
            }

            StorageInfo storage = engine.storages().get(0);
            assertThat(storage.overwriting()).isTrue();
            assertThat(storage.status()).isEqualTo(StorageStatus.OK);
            long largest = segments(engine, CAMERA).stream().mapToLong(RecordingSegment::size).max().orElseThrow();
            assertThat(storage.freeBytes()).as("free space after making room, reserve " + fixture.reserve)
                    .isGreaterThanOrEqualTo(fixture.reserve)
                    .isLessThanOrEqualTo(fixture.reserve + 2 * margin + 2 * largest);
            recorder.finish(null).get();
            engine.deactivate();
        } finally {
            new ProcessBuilder("umount", "-l", fixture.root.toString()).start().waitFor();
        }
    }

    @Test
    void aStorageIsFullOnlyWhenNothingUnlockedIsLeftToDelete() throws Exception {
        fixture.allocation = 300_000;
        RecordingEngine engine = fixture.engine();
        RecordingLock everything = engine.lock(CAMERA, at(START - 3600 * SECOND), at(START + 3600 * SECOND), "");
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        feedClip(recorder, 0);
        engine.runSync();
        Waiter.waitForAssert(() -> assertThat(engine.status(CAMERA).gap()).isEqualTo(GapCause.STORAGE_FULL), WAIT);

        assertThat(engine.storages().get(0).status()).isEqualTo(StorageStatus.FULL);
        assertThat(fixture.events(EventTopics.STORAGE_STATUS)).anySatisfy(e ->
                assertThat(e.text(EventProperties.STATUS)).isEqualTo("FULL"));
        assertThat(fixture.events(EventTopics.RECORDING_ERROR)).anySatisfy(e ->
                assertThat(e.text(EventProperties.STATUS)).isEqualTo("FULL"));
        assertThat(segments(engine, CAMERA)).hasSize(5).allSatisfy(s -> assertThat(s.locked()).isTrue());
        feedClip(recorder, 10);
        assertThat(engine.status(CAMERA).gap()).isEqualTo(GapCause.STORAGE_FULL);
        assertThat(segments(engine, CAMERA)).hasSize(5);

        // Unlocked, the oldest recordings make room and recording resumes at the next keyframe.
        assertThat(engine.unlock(everything.id())).isTrue();
        assertThat(engine.unlock(everything.id())).isFalse();
        engine.checkStorage();
        assertThat(engine.storages().get(0).status()).isEqualTo(StorageStatus.OK);
        feedClip(recorder, 20);
        assertThat(engine.status(CAMERA).recording()).isTrue();
        recorder.finish(null).get();
        engine.deactivate();
        assertThat(engine.timeline(CAMERA, at(START), at(START + 30 * SECOND)).gaps()).singleElement()
                .satisfies(g -> {
                    assertThat(g.cause()).isEqualTo(GapCause.STORAGE_FULL);
                    assertThat(g.end()).isEqualTo(at(START + 20 * SECOND));
                });
    }

    @Test
    void locksSurviveALostDatabaseAndKeepRecordingsFromRetention() throws Exception {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        fixture.clock = java.time.Clock.fixed(now, java.time.ZoneOffset.UTC);
        fixture.retentionDays = 2;
        long old = Micros.of(now.minus(Duration.ofDays(4)));
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(old));
        recorder.finish(null).get();
        RecordingLock lock = engine.lock(CAMERA, at(old + 3 * SECOND), at(old + 5 * SECOND), "incident 7");
        engine.deactivate();
        assertThat(fixture.root.resolve(SegmentFiles.LOCK_FOLDER).resolve(lock.id() + ".lock")).exists();

        fixture.loseDatabase();
        RecordingEngine rebuilt = fixture.engine();
        assertThat(rebuilt.startupReindex().get().problems()).isEmpty();
        assertThat(rebuilt.locks(CAMERA, at(old), at(old + 10 * SECOND))).containsExactly(lock);
        // The lock from 3 s to 5 s keeps the segments from 2 s and from 4 s.
        assertThat(rebuilt.segments(CAMERA, at(old), at(old + 60 * SECOND))).extracting(RecordingSegment::locked)
                .containsExactly(false, true, true, false, false);

        // Retention is due for all of them, and takes only the unlocked.
        assertThat(rebuilt.runRetention()).isEqualTo(3);
        assertThat(rebuilt.segments(CAMERA, at(old), at(old + 60 * SECOND))).hasSize(2)
                .allSatisfy(s -> assertThat(s.locked()).isTrue());
        assertThat(Fixture.segmentFiles(fixture.root)).hasSize(2);
        rebuilt.deactivate();
    }

    @Test
    void camerasRecordToTheStorageAssignedToThem() throws Exception {
        Path archive = dir.resolve("archive");
        fixture.moreStorages = List.of(new RecordingSettings.StorageSettings("archive", archive, 1L << 30));
        fixture.cameraStorage = Map.of("cam-2", "archive");
        RecordingEngine engine = fixture.engine();
        for (String camera : List.of("cam-1", "cam-2")) {
            CameraRecorder recorder = engine.recorder(camera, "dev", Runnable::run);
            recorder.streamStarted(clip.streams());
            Fixture.feed(recorder, clip.packets(START, 0, 100));
            recorder.finish(null).get();
        }
        engine.runSync();

        List<StorageInfo> storages = engine.storages();
        assertThat(storages).extracting(StorageInfo::name).containsExactly("main", "archive");
        assertThat(storages).extracting(StorageInfo::allocatedBytes).containsExactly(0L, 1L << 30);
        assertThat(segments(engine, "cam-1")).hasSize(2)
                .allSatisfy(s -> assertThat(s.storageId()).isEqualTo(storages.get(0).id()));
        assertThat(segments(engine, "cam-2")).hasSize(2)
                .allSatisfy(s -> assertThat(s.storageId()).isEqualTo(storages.get(1).id()));
        assertThat(Fixture.segmentFiles(archive)).hasSize(2)
                .allSatisfy(f -> assertThat(f.toString()).contains("cam-2"));
        assertThat(fixture.segmentFiles()).hasSize(2).allSatisfy(f -> assertThat(f.toString()).contains("cam-1"));
        assertThat(archive.resolve(SegmentFiles.IDENTITY_FILE)).exists();
        assertThat(storages.get(1).usedBytes()).isEqualTo(segments(engine, "cam-2").stream()
                .mapToLong(RecordingSegment::size).sum());
        engine.deactivate();
    }

    @Test
    void filesTheIndexDoesNotKnowAreListedAndCollectedButNeverDeleted() throws Exception {
        RecordingEngine engine = fixture.engine();
        CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
        recorder.streamStarted(clip.streams());
        Fixture.feed(recorder, clip.packets(START, 0, 100));
        recorder.finish(null).get();
        engine.runSync();
        List<RecordingSegment> indexed = segments(engine, CAMERA);
        Path day = fixture.root.resolve(indexed.get(0).path()).getParent();
        // A readable segment the index never heard of, a damaged file, and a stray copy in the root.
        Files.copy(fixture.root.resolve(indexed.get(0).path()), day.resolve("1-continuous.mkv"));
        Files.write(fixture.root.resolve(CAMERA).resolve("broken.mkv"), new byte[] {1, 2, 3});
        Files.copy(fixture.root.resolve(indexed.get(1).path()), fixture.root.resolve("copy.mkv"));
        String dayPath = fixture.root.relativize(day).toString().replace('\\', '/');

        List<NonIndexedFile> found = engine.nonIndexedFiles();
        assertThat(found).extracting(NonIndexedFile::path).containsExactlyInAnyOrder(dayPath + "/1-continuous.mkv",
                CAMERA + "/broken.mkv", "copy.mkv");
        assertThat(found).allSatisfy(f -> {
            assertThat(f.movedTo()).isNull();
            assertThat(f.storageId()).isEqualTo(engine.storages().get(0).id());
        });
        assertThat(found).filteredOn(f -> f.path().equals(CAMERA + "/broken.mkv")).singleElement()
                .satisfies(f -> assertThat(f.size()).isEqualTo(3));
        assertThat(fixture.segmentFiles()).hasSize(indexed.size() + 3);

        List<NonIndexedFile> moved = engine.collectNonIndexedFiles();
        assertThat(moved).extracting(NonIndexedFile::movedTo).containsExactlyInAnyOrder(
                SegmentFiles.NON_INDEXED_FOLDER + "/" + dayPath + "/1-continuous.mkv",
                SegmentFiles.NON_INDEXED_FOLDER + "/" + CAMERA + "/broken.mkv",
                SegmentFiles.NON_INDEXED_FOLDER + "/copy.mkv");
        for (NonIndexedFile file : moved) {
            assertThat(fixture.root.resolve(file.path())).doesNotExist();
            assertThat(fixture.root.resolve(file.movedTo())).exists();
        }
        // Nothing was deleted, the indexed files are untouched, and neither a list nor a rebuild sees
        // the collected files again.
        assertThat(fixture.segmentFiles()).hasSize(indexed.size() + 3);
        indexed.forEach(s -> assertThat(fixture.root.resolve(s.path())).exists());
        assertThat(engine.nonIndexedFiles()).isEmpty();
        assertThat(engine.reindex().problems()).isEmpty();
        assertThat(segments(engine, CAMERA)).isEqualTo(indexed);
        engine.deactivate();
    }
}
