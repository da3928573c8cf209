package org.osprey.recording.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;

/**
 * One camera's segment written as the recorder writes it: 60 s of 1080p30 H.264 at 4 Mbit/s (each second a
 * 120 kB keyframe and 29 pictures of about 13 kB), flushed at every keyframe, then finished. Through the own
 * Matroska writer and through FFmpeg's muxer (the writer before it, still used for codecs the own one does
 * not store); with pictures in Annex B, as the own RTSP client and the simulator deliver them, and
 * length-prefixed, as FFmpeg-read sources do. One operation is one packet: a segment's open and finish are
 * spread over its 1,800 packets. Besides the time per packet, each run prints the benchmark thread's CPU time
 * per packet over its measurement iterations (user and system, so the writes to the file count), which other
 * work on a shared machine inflates less than elapsed time. Files go to {@code -Dbench.dir} (default: the
 * temporary folder).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SegmentWriterBenchmark {

    private static final int FPS = 30;
    private static final int PACKETS = 60 * FPS;
    private static final int BYTES_PER_SECOND = 4_000_000 / 8;
    private static final int KEYFRAME_BYTES = 120_000;
    /** High profile, level 4.0, 1920x1080, as libx264 writes it; the PPS that goes with it. */
    private static final byte[] SPS = HexFormat.of().parseHex("67640028acb200f0044fcb8088000003000800000301e078c19240");
    private static final byte[] PPS = HexFormat.of().parseHex("68ebccb22c");
    private static final long START = Micros.of(Instant.parse("2026-11-20T10:00:00Z"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Param({"matroska", "ffmpeg"})
    String writer;

    @Param({"annexB", "lengthPrefixed"})
    String form;

    private List<CodecParameters> streams;
    /** One GOP: the keyframe, then the other pictures of the second. */
    private final ByteBuffer[] pictures = new ByteBuffer[FPS];
    private final Map<String, String> tags = Map.of(SegmentFiles.TAG_CAMERA, "cam-1", SegmentFiles.TAG_START,
            Micros.iso(START), "creation_time", Micros.iso(START));
    /** Where the segments go, under {@code -Dbench.dir}. */
    Path folder;
    private Path file;
    private int segments;
    private boolean measuring;
    private long cpuNanos;
    private long cpuPackets;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        boolean annexB = form.equals("annexB");
        byte[] annexBConfig = concat(startCode(SPS), startCode(PPS));
        byte[] extradata = annexB ? annexBConfig : AvcConfiguration.fromAnnexB(annexBConfig);
        streams = List.of(new CodecParameters(0, MediaKind.VIDEO, "h264", 1920, 1080, 0, 0, extradata));
        SplittableRandom random = new SplittableRandom(7);
        int pictureBytes = (BYTES_PER_SECOND - KEYFRAME_BYTES) / (FPS - 1);
        for (int i = 0; i < FPS; i++) {
            byte[] nal = new byte[i == 0 ? KEYFRAME_BYTES : pictureBytes];
            // Coded slices never hold a start code; without zero bytes these hold none either.
            for (int j = 0; j < nal.length; j++) {
                nal[j] = (byte) (1 + random.nextInt(255));
            }
            nal[0] = (byte) (i == 0 ? 0x65 : 0x41);
            byte[] packet = annexB ? (i == 0 ? concat(startCode(SPS), startCode(PPS), startCode(nal)) : startCode(nal))
                    : (i == 0 ? concat(length(SPS), length(PPS), length(nal)) : length(nal));
            pictures[i] = ByteBuffer.wrap(packet).asReadOnlyBuffer();
        }
        folder = Files.createTempDirectory(Path.of(System.getProperty("bench.dir",
                System.getProperty("java.io.tmpdir"))), "osprey-segment-bench");
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long writeSegment() throws IOException {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long result = writeOneSegment();
        if (measuring) {
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpuStart;
            cpuPackets += PACKETS;
        }
        return result;
    }

    private long writeOneSegment() throws IOException {
        file = folder.resolve(segments++ + ".mkv");
        SegmentWriter segment = open(file);
        long end = 0;
        for (int i = 0; i < PACKETS; i++) {
            end = write(segment, i);
        }
        return end + segment.finish();
    }

    SegmentWriter open(Path segment) throws IOException {
        return writer.equals("matroska") ? SegmentWriter.open(segment, START, tags, streams)
                : FfmpegSegmentWriter.open(segment, START, tags, streams);
    }

    /** Writes the stream's n-th picture, after a flush if it begins a GOP, as the recorder does. */
    long write(SegmentWriter segment, int n) throws IOException {
        boolean keyframe = n % FPS == 0;
        if (keyframe && n > 0) {
            segment.flush();
        }
        long pts = START + n * 1_000_000L / FPS;
        return segment.write(0, pts, pts, 1_000_000L / FPS, keyframe, pictures[n % FPS]).endMicros();
    }

    @TearDown(Level.Invocation)
    public void deleteSegment() throws IOException {
        Files.deleteIfExists(file);
    }

    @TearDown(Level.Trial)
    public void finishTrial() throws IOException {
        Files.deleteIfExists(folder);
        System.out.printf("%nCPU time per packet, measurement iterations: %.0f ns (%s, %s)%n",
                (double) cpuNanos / cpuPackets, writer, form);
    }

    private static byte[] startCode(byte[] nal) {
        return concat(new byte[] {0, 0, 0, 1}, nal);
    }

    private static byte[] length(byte[] nal) {
        return concat(ByteBuffer.allocate(4).putInt(nal.length).array(), nal);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
