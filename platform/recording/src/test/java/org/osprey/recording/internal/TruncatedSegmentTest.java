package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.recording.RecordingSegment;

/**
 * A segment file cut off at any byte, as a power cut in the middle of a write leaves it, reads to its last
 * complete cluster, and start-up recovery settles it without failing.
 */
class TruncatedSegmentTest {

    private static final String CAMERA = "cam-1";
    private static final long START = Micros.of(Instant.parse("2026-11-20T10:00:00.123456Z"));
    private static final long SECOND = 1_000_000L;

    @TempDir
    Path dir;

    /** What the file holds once a flush has handed a cluster over: its length, packets and keyframes. */
    private record Flushed(long length, int packets, List<Long> keyframes) {
    }

    @Test
    void everyCompleteClusterIsReadWhereverTheFileEnds() throws Exception {
        // Video and audio, a keyframe every half second: eight clusters in four seconds.
        CodecClip clip = CodecClip.encode("mkv", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi",
                "-i", "sine=sample_rate=8000", "-t", "4", "-c:v", "libx264", "-g", "12", "-bf", "0", "-pix_fmt",
                "yuv420p", "-c:a", "aac");
        Path file = dir.resolve("segment.mkv");
        SegmentWriter writer = SegmentWriter.open(file, START, Map.of(SegmentFiles.TAG_START, Micros.iso(START)),
                clip.streams());
        long headerLength = Files.size(file);
        List<Flushed> flushes = new ArrayList<>();
        List<Long> keyframes = new ArrayList<>();
        int packets = 0;
        for (MediaPacket packet : clip.packets(START)) {
            boolean videoKeyframe = packet.streamIndex() == 0 && packet.keyframe();
            if (videoKeyframe && packets > 0) {
                flushes.add(new Flushed(writer.flush(), packets, List.copyOf(keyframes)));
            }
            SegmentWriter.Written written = writer.write(packet.streamIndex(), packet.ptsMicros(),
                    packet.dtsMicros(), 0, packet.keyframe(), packet.data());
            packets++;
            if (videoKeyframe) {
                keyframes.add(written.ptsMicros());
            }
        }
        flushes.add(new Flushed(writer.flush(), packets, List.copyOf(keyframes)));
        assertThat(flushes).hasSizeGreaterThanOrEqualTo(8);
        // As a crash leaves it: the Segment's size unknown, no Duration, no Cues.
        byte[] writing = Files.readAllBytes(file);
        long finished = writer.finish();
        byte[] whole = Files.readAllBytes(file);
        assertThat(whole).hasSize((int) finished);

        assertEveryCompleteClusterRead(writing, headerLength, flushes, packets, true);
        // Finished, then cut by a power failure that kept the filled-in header but not all the data: the Segment's
        // size promises more than there is, which ffprobe reports, but every complete cluster still reads.
        assertEveryCompleteClusterRead(whole, headerLength, flushes, packets, false);
    }

    private void assertEveryCompleteClusterRead(byte[] whole, long headerLength, List<Flushed> flushes, int packets,
            boolean checkedWithFfprobe) throws Exception {
        TreeSet<Long> cuts = new TreeSet<>();
        for (long at = 0; at <= headerLength + 64; at++) {
            cuts.add(at);
        }
        for (Flushed flushed : flushes) {
            for (long at = flushed.length() - 3; at <= flushed.length() + 3; at++) {
                cuts.add(at);
            }
        }
        for (long at = headerLength; at < whole.length; at += 997) {
            cuts.add(at);
        }
        cuts.add((long) whole.length - 1);
        cuts.add((long) whole.length);

        Path cut = dir.resolve("cut.mkv");
        for (long at : cuts.subSet(0L, true, (long) whole.length, true)) {
            Files.write(cut, Arrays.copyOf(whole, (int) at));
            Flushed complete = flushes.stream().filter(f -> f.length() <= at).reduce((a, b) -> b)
                    .orElse(new Flushed(headerLength, 0, List.of()));
            SegmentProbe.Result result;
            try {
                result = SegmentProbe.read(cut);
            } catch (IOException e) {
                // FFmpeg opens a file only once it finds a cluster after the header, as with its own muxer's
                // files; recovery leaves such a file, which holds no recording, out of the index.
                assertThat(complete.packets()).as("cut at %d of %d: %s", at, whole.length, e.getMessage()).isZero();
                continue;
            }
            assertThat(result.startMicros()).isEqualTo(START);
            assertThat(result.packets()).as("packets read from a cut at %d", at)
                    .isBetween((long) complete.packets(), (long) packets);
            assertThat(result.keyframes()).as("keyframes read from a cut at %d", at)
                    .containsAll(complete.keyframes());
            if (checkedWithFfprobe && flushes.stream().anyMatch(f -> f.length() == at)) {
                // Cut where a flush left it, as a killed process leaves it: no reader sees an error.
                assertThat(Ffprobe.packets(cut)).hasSizeGreaterThanOrEqualTo(complete.keyframes().size());
            }
        }
    }

    @Test
    void startUpRecoveryNeverFailsWhereverTheOpenSegmentEnds() throws Exception {
        TestClip clip = TestClip.get();
        long[] cuts = {1, 20, 200, 5_000, 20_000, 60_000, -1};
        for (int i = 0; i < cuts.length; i++) {
            try (Fixture fixture = new Fixture(dir.resolve("run-" + i))) {
                RecordingEngine engine = fixture.engine();
                CameraRecorder recorder = engine.recorder(CAMERA, "dev-1", Runnable::run);
                recorder.streamStarted(clip.streams());
                // Segments of 2 s: the fourth, from 6 s, is open with a GOP and a half in it when the process dies.
                Fixture.feed(recorder, clip.packets(START, 0, 190));
                engine.runSync();
                Path file = fixture.root.resolve(segments(engine).get(3).path());
                engine.crash();
                byte[] whole = Files.readAllBytes(file);
                long at = cuts[i] < 0 ? whole.length - 1 : Math.min(cuts[i], whole.length - 1);
                Files.write(file, Arrays.copyOf(whole, (int) at));
                fixture.restartDatabase();

                RecordingEngine restarted = fixture.engine();
                List<RecordingSegment> segments = segments(restarted);
                assertThat(segments).as("cut at %d of %d", at, whole.length).hasSizeBetween(3, 4)
                        .allSatisfy(s -> assertThat(s.open()).isFalse());
                assertThat(Micros.of(segments.get(2).end())).isEqualTo(START + 6 * SECOND);
                if (segments.size() == 4) {
                    assertThat(segments.get(3).keyframes()).containsExactly(Micros.toInstant(START + 6 * SECOND));
                    assertThat(segments.get(3).size()).isEqualTo(at);
                }
                restarted.deactivate();
            }
        }
    }

    private static List<RecordingSegment> segments(RecordingEngine engine) {
        return engine.segments(CAMERA, Micros.toInstant(START - 3600 * SECOND), Micros.toInstant(START + 3600 * SECOND));
    }
}
