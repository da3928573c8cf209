package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.osprey.api.event.EventPublisher;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.RecordingType;
import org.osprey.sdk.test.TestSchedulers;
import org.osprey.storage.h2.internal.H2DatabaseService;
import org.osprey.storage.h2.internal.TestDatabases;

/**
 * A recording index as a month of real use leaves it, written through the same {@link RecordingIndex} calls a
 * reindex makes, in a real H2 file database: per camera, 60 s continuous segments with a keyframe every
 * second, cut by motion, rule and manual recordings (whose first file reaches back over its prebuffer) and
 * interrupted by camera-lost and server-stopped gaps. Built once per shape and kept under
 * {@code target/bench-index}, since building it takes minutes and forks only read it.
 */
final class BenchIndex implements AutoCloseable {

    /** The end of the indexed month: a fixed instant, so every run queries the same data. */
    static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    static final long SECOND = 1_000_000L;
    static final long SEGMENT = 60 * SECOND;
    static final long PREBUFFER = 10 * SECOND;
    static final long POSTBUFFER = 5 * SECOND;

    private record Interval(RecordingType type, GapCause cause, long start, long end) {
    }

    final Path folder;
    final int cameras;
    final int days;
    final H2DatabaseService database;
    final TestSchedulers schedulers = new TestSchedulers();
    final RecordingEngine engine;

    private BenchIndex(Path folder, int cameras, int days) throws Exception {
        this.folder = folder;
        this.cameras = cameras;
        this.days = days;
        database = TestDatabases.inFolder(folder);
        EventPublisher ignored = (topic, properties) -> { };
        engine = new RecordingEngine(database, ignored, schedulers, settings(folder), Clock.systemUTC());
    }

    /** Opens the index of this shape, building it first when it is not there yet. */
    static BenchIndex open(int cameras, int days) throws Exception {
        Path folder = Path.of(System.getProperty("osprey.bench.index", "target/bench-index"))
                .resolve("cameras-" + cameras + "-days-" + days).toAbsolutePath();
        Path complete = folder.resolve("complete");
        if (!Files.exists(complete)) {
            delete(folder);
            Files.createDirectories(folder);
            try (BenchIndex index = new BenchIndex(folder, cameras, days)) {
                index.build();
            }
            Files.createFile(complete);
        }
        return new BenchIndex(folder, cameras, days);
    }

    static String camera(int number) {
        return "camera-" + number;
    }

    Instant start() {
        return END.minus(Duration.ofDays(days));
    }

    private static RecordingSettings settings(Path folder) {
        return new RecordingSettings(List.of(new RecordingSettings.StorageSettings("main", folder.resolve("storage"), 0)),
                Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofHours(1), Duration.ofHours(24), 0,
                Map.of(), 0, 0, 64L * 1024 * 1024, 20_000, true, Map.of(), "", Map.of(), Duration.ofSeconds(10),
                16L * 1024 * 1024,
                Duration.ofSeconds(3), Duration.ofSeconds(5), "bench");
    }

    private void build() throws Exception {
        long began = System.nanoTime();
        String storageId = engine.storage("main").id();
        RecordingIndex index = engine.index();
        // Cameras in parallel, as the recorders of a real server commit side by side.
        IntStream.rangeClosed(1, cameras).parallel().forEach(number -> {
            try {
                buildCamera(index, storageId, number);
            } catch (Exception e) {
                throw new IllegalStateException("camera " + number + " not indexed", e);
            }
        });
        System.out.printf("# index of %d cameras x %d days built in %d s%n", cameras, days,
                Duration.ofNanos(System.nanoTime() - began).toSeconds());
    }

    private void buildCamera(RecordingIndex index, String storageId, int number) throws Exception {
        String camera = camera(number);
        long from = start().getEpochSecond() * SECOND;
        long to = END.getEpochSecond() * SECOND;
        Random random = new Random(number * 7919L);
        List<Interval> events = new ArrayList<>();
        List<Interval> gaps = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            long dayStart = from + day * 86_400 * SECOND;
            // A busy entrance camera: about 50 motion recordings a day, a few rule and one manual recording.
            add(events, random, dayStart, 50, RecordingType.MOTION, null, 10, 120);
            add(events, random, dayStart, 6, RecordingType.RULE, null, 30, 300);
            add(events, random, dayStart, 1, RecordingType.MANUAL, null, 120, 600);
            add(gaps, random, dayStart, 2, null, GapCause.CAMERA_LOST, 20, 600);
            if (day % 10 == 9) {
                add(gaps, random, dayStart, 1, null, GapCause.SERVER_STOPPED, 120, 1200);
            }
        }
        gaps.sort(Comparator.comparingLong(Interval::start));
        TreeSet<Long> cuts = new TreeSet<>();
        Stream.concat(events.stream(), gaps.stream()).forEach(i -> {
            cuts.add(i.start);
            cuts.add(i.end);
        });
        long verified = System.currentTimeMillis() * 1000;
        long t = from;
        RecordingType previous = null;
        int gap = 0;
        while (t < to) {
            while (gap < gaps.size() && gaps.get(gap).end <= t) {
                gap++;
            }
            if (gap < gaps.size() && gaps.get(gap).start <= t) {
                Interval g = gaps.get(gap);
                long end = Math.min(g.end, to);
                index.mergeGap(camera, t, end, g.cause);
                t = end;
                previous = null;
                continue;
            }
            RecordingType type = typeAt(events, t);
            Long nextCut = cuts.higher(t);
            long end = Math.min(Math.min(t + SEGMENT, nextCut == null ? to : nextCut), to);
            // The first file of an event recording after continuous video: its type reaches back over the
            // prebuffer already on disk.
            long typeFrom = type != RecordingType.CONTINUOUS && previous == RecordingType.CONTINUOUS
                    ? t - PREBUFFER : t;
            List<Long> keyframes = new ArrayList<>();
            for (long k = t; k < end; k += SECOND) {
                keyframes.add(k);
            }
            long seconds = (end - t) / SECOND;
            SegmentProbe.Result file = new SegmentProbe.Result(Map.of(), t, keyframes, end, seconds * 30, true);
            index.putFromFile(storageId, SegmentFiles.relativePath(camera, t, type), file, camera, camera, type,
                    typeFrom, seconds * 500_000, verified);
            previous = type;
            t = end;
        }
    }

    private static void add(List<Interval> into, Random random, long dayStart, int count, RecordingType type,
            GapCause cause, int minSeconds, int maxSeconds) {
        for (int i = 0; i < count; i++) {
            // Whole seconds: with a one-second GOP every cut falls on a keyframe.
            long start = dayStart + random.nextInt(86_400) * SECOND;
            long length = (minSeconds + random.nextInt(maxSeconds - minSeconds + 1)) * SECOND;
            into.add(new Interval(type, cause, start, start + length + (type == null ? 0 : POSTBUFFER)));
        }
    }

    /** The strongest event recording running at {@code t}: manual over rule over motion. */
    private static RecordingType typeAt(List<Interval> events, long t) {
        RecordingType best = RecordingType.CONTINUOUS;
        for (Interval e : events) {
            if (e.start <= t && t < e.end && rank(e.type) > rank(best)) {
                best = e.type;
            }
        }
        return best;
    }

    private static int rank(RecordingType type) {
        return switch (type) {
            case MANUAL -> 3;
            case RULE -> 2;
            case MOTION -> 1;
            default -> 0;
        };
    }

    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        engine.deactivate();
        database.close();
        schedulers.close();
    }
}
