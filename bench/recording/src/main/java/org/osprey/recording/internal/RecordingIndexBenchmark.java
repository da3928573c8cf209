package org.osprey.recording.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
import org.osprey.api.recording.SeekPoint;
import org.osprey.api.recording.Timeline;

/**
 * The recording index as the timeline and playback use it, with a warm database: the timeline of one camera
 * over the whole indexed month, the timeline of its last 30 days (the same query when 30 days are indexed; with
 * more, it shows whether the cost grows with the history before it), and the seek (keyframe at or before an
 * instant, its segment and that segment's keyframes) at random instants of the last week.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class RecordingIndexBenchmark {

    @Param("4")
    int cameras;

    @Param("30")
    int days;

    private BenchIndex index;
    private Instant from;
    private long weekStartMicros;
    private long weekMicros;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void open() throws Exception {
        index = BenchIndex.open(cameras, days);
        from = index.start();
        weekMicros = Duration.ofDays(Math.min(7, days)).toNanos() / 1000;
        weekStartMicros = Micros.of(BenchIndex.END) - weekMicros;
        Timeline sample = index.engine.timeline(BenchIndex.camera(1), from, BenchIndex.END);
        System.out.printf("%n# timeline of %s over %d days: %d spans, %d gaps%n", BenchIndex.camera(1), days,
                sample.spans().size(), sample.gaps().size());
    }

    @TearDown(Level.Trial)
    public void close() {
        index.close();
    }

    @Benchmark
    public Timeline timelineOneCameraWholeMonth() {
        return index.engine.timeline(BenchIndex.camera(1), from, BenchIndex.END);
    }

    @Benchmark
    public Timeline timelineOneCameraLastMonth() {
        return index.engine.timeline(BenchIndex.camera(1), BenchIndex.END.minus(Duration.ofDays(30)), BenchIndex.END);
    }

    @Benchmark
    public Optional<SeekPoint> seekRandomInstantLastWeek() {
        long at = weekStartMicros + random.nextLong(weekMicros);
        return index.engine.seek(BenchIndex.camera(1 + random.nextInt(cameras)), Micros.toInstant(at));
    }
}
