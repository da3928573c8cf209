package org.osprey.recording.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * The memory a segment writer holds per camera, which a JMH benchmark does not show: N writers of one kind
 * open at once, each fed like a 1080p30 4 Mbit/s camera (the packets of {@link SegmentWriterBenchmark}, one
 * camera after the other per picture), measured just before the second GOP's flush, when each holds a whole
 * GOP. Resident memory (VmRSS) and the live Java heap are compared with before the writers were opened.
 *
 * <p>Run: {@code java -cp target/benchmarks.jar org.osprey.recording.internal.SegmentWriterMemory matroska 24}
 * (or {@code ffmpeg}), one kind per JVM so neither inherits the other's memory.
 */
public final class SegmentWriterMemory {

    private static final int FPS = 30;

    private SegmentWriterMemory() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int cameras = Integer.parseInt(args[1]);
        SegmentWriterBenchmark source = new SegmentWriterBenchmark();
        source.writer = kind;
        source.form = "annexB";
        source.prepare();
        Path folder = source.folder;
        // FFmpeg's libraries are loaded before the baseline, so only what the writers hold is counted.
        FfmpegStreams.codecId("h264");
        long rssBefore = residentBytes();
        long heapBefore = liveHeapBytes();

        List<SegmentWriter> writers = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            writers.add(source.open(folder.resolve(i + ".mkv")));
        }
        for (int picture = 0; picture < 2 * FPS - 1; picture++) {
            for (SegmentWriter writer : writers) {
                source.write(writer, picture);
            }
        }
        long rss = residentBytes() - rssBefore;
        long heap = liveHeapBytes() - heapBefore;
        System.out.printf("%s, %d cameras: %.2f MiB resident and %.2f MiB of live heap per camera%n", kind, cameras,
                rss / 1048576.0 / cameras, heap / 1048576.0 / cameras);
        for (SegmentWriter writer : writers) {
            writer.finish();
            Files.delete(writer.file());
        }
        Files.delete(folder);
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    private static long liveHeapBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
