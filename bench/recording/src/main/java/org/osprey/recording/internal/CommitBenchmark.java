package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osprey.api.recording.RecordingType;
import org.osprey.storage.h2.internal.H2DatabaseService;
import org.osprey.storage.h2.internal.TestDatabases;

/**
 * The index side of one sync batch, as {@code SyncScheduler.runBatch} commits it every second: every camera's
 * open segment grew by one second and one keyframe, and the cameras whose 60 s segment is full close it and
 * open the next (staggered, so each batch closes a few). Starts from an empty index in a real H2 file database.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CommitBenchmark {

    private static final long SECOND = 1_000_000L;
    private static final int SEGMENT_SECONDS = 60;

    @Param("150")
    int cameras;

    private Path folder;
    private H2DatabaseService database;
    private RecordingIndex index;
    private SegmentState[] open;
    private long now = Micros.of(BenchIndex.END);
    private long batch;

    @Setup(Level.Trial)
    public void open() throws Exception {
        folder = Path.of(System.getProperty("osprey.bench.commit", "target/commit-bench")).toAbsolutePath();
        BenchIndex.delete(folder);
        Files.createDirectories(folder);
        database = TestDatabases.inFolder(folder);
        index = new RecordingIndex(database);
        index.open();
        open = new SegmentState[cameras];
        for (int i = 0; i < cameras; i++) {
            open[i] = openSegment(i);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        database.close();
        BenchIndex.delete(folder);
    }

    @Benchmark
    public List<Long> syncBatchOfAllCameras() throws Exception {
        now += SECOND;
        batch++;
        List<SegmentState.Snapshot> snapshots = new ArrayList<>(cameras);
        for (int i = 0; i < cameras; i++) {
            if (closing(i)) {
                open[i].closed(now, batch * 1000, List.of());
            } else {
                open[i].flushed(now, batch * 1000, List.of(now));
            }
            snapshots.add(open[i].snapshot());
        }
        List<Long> ids = index.commit(snapshots);
        for (int i = 0; i < cameras; i++) {
            open[i].segmentId = ids.get(i);
            open[i].committed(snapshots.get(i));
            if (closing(i)) {
                open[i] = openSegment(i);
            }
        }
        return ids;
    }

    private boolean closing(int camera) {
        return (batch + camera) % SEGMENT_SECONDS == 0;
    }

    private SegmentState openSegment(int camera) throws Exception {
        String cameraId = BenchIndex.camera(camera + 1);
        String path = SegmentFiles.relativePath(cameraId, now, RecordingType.CONTINUOUS);
        SegmentState state = new SegmentState(cameraId, cameraId, "bench", path, folder.resolve(path), now,
                RecordingType.CONTINUOUS, now, List.of());
        index.insertOpen(state);
        return state;
    }
}
