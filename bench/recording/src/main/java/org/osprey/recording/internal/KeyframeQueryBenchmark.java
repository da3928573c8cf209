package org.osprey.recording.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.SplittableRandom;
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

/**
 * The seek's first lookup, the keyframe at or before an instant, as the index writes it today and with the
 * camera column added to the sort order, which lets H2 read it from the (camera_id, pts_us) index in order
 * instead of sorting all of the camera's earlier keyframes. Same database, same random instants.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class KeyframeQueryBenchmark {

    private static final String AS_INDEXED = "SELECT segment_id, pts_us FROM osprey_rec_keyframe"
            + " WHERE camera_id = ? AND pts_us <= ? ORDER BY pts_us DESC FETCH FIRST 1 ROW ONLY";
    private static final String INDEX_ORDER = "SELECT segment_id, pts_us FROM osprey_rec_keyframe"
            + " WHERE camera_id = ? AND pts_us <= ? ORDER BY camera_id DESC, pts_us DESC FETCH FIRST 1 ROW ONLY";

    @Param("4")
    int cameras;

    @Param("30")
    int days;

    private BenchIndex index;
    private long weekStart;
    private long week;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void open() throws Exception {
        index = BenchIndex.open(cameras, days);
        week = Duration.ofDays(Math.min(7, days)).toNanos() / 1000;
        weekStart = Micros.of(BenchIndex.END) - week;
    }

    @TearDown(Level.Trial)
    public void close() {
        index.close();
    }

    @Benchmark
    public long keyframeBeforeAsIndexed() throws Exception {
        return keyframe(AS_INDEXED);
    }

    @Benchmark
    public long keyframeBeforeInIndexOrder() throws Exception {
        return keyframe(INDEX_ORDER);
    }

    private long keyframe(String sql) throws Exception {
        String camera = BenchIndex.camera(1 + random.nextInt(cameras));
        long at = weekStart + random.nextLong(week);
        return index.database.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, camera);
                p.setLong(2, at);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getLong(2) : -1L;
                }
            }
        });
    }
}
