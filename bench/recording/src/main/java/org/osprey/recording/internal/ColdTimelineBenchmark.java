package org.osprey.recording.internal;

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
import org.osprey.api.recording.Timeline;

/**
 * The first timeline query after the server opened its database: H2's page cache is empty (the operating
 * system's file cache is not, as on a running machine). Each measured call follows a fresh open.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ColdTimelineBenchmark {

    @Param("4")
    int cameras;

    @Param("30")
    int days;

    private BenchIndex index;

    @Setup(Level.Iteration)
    public void open() throws Exception {
        index = BenchIndex.open(cameras, days);
    }

    @TearDown(Level.Iteration)
    public void close() {
        index.close();
    }

    @Benchmark
    public Timeline timelineOneCameraWholeMonthCold() {
        return index.engine.timeline(BenchIndex.camera(1), index.start(), BenchIndex.END);
    }
}
