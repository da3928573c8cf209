package org.osprey.media.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recorded packets come back with the wall-clock times the index lists, and reading resumes where it stopped. */
class SegmentReaderTest {

    private static final long START = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000L;

    @TempDir
    Path dir;

    private Path segment(int frames) throws Exception {
        Path encoded = TestVideo.encode(frames, "matroska",
                Map.of(SegmentReader.START_TAG, Micros.toInstant(START).toString()));
        Path file = dir.resolve("segment.mkv");
        Files.move(encoded, file);
        return file;
    }

    @Test
    void packetsCarryTheSegmentStartPlusTheirTimeInTheFile() throws Exception {
        try (SegmentReader reader = SegmentReader.open(segment(50))) {
            assertThat(reader.originMicros()).isEqualTo(START);
            assertThat(reader.streams()).singleElement().satisfies(s -> {
                assertThat(s.codec()).isEqualTo("h264");
                assertThat(s.width()).isEqualTo(TestVideo.WIDTH);
            });
            for (int i = 0; i < 50; i++) {
                SegmentReader.Read read = reader.read();
                assertThat(read.packet().ptsMicros()).isEqualTo(START + i * TestVideo.FRAME_MICROS);
                assertThat(read.packet().keyframe()).isEqualTo(i % TestVideo.GOP == 0);
                assertThat(read.resumePosition() > 0).isEqualTo(i % TestVideo.GOP == 0);
            }
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void aClosedSegmentSeeksToTheKeyframeThroughItsCues() throws Exception {
        try (SegmentReader reader = SegmentReader.open(segment(50))) {
            assertThat(reader.seekToKeyframe(START + SECOND + 300_000)).isTrue();
            SegmentReader.Read read = reader.read();
            assertThat(read.packet().ptsMicros()).isEqualTo(START + SECOND);
            assertThat(read.packet().keyframe()).isTrue();
        }
    }

    @Test
    void aSegmentBeingWrittenResumesAtAClusterReadBefore() throws Exception {
        Path complete = segment(75);
        byte[] bytes = Files.readAllBytes(complete);
        // Cut inside the last GOP: no cues, and a cluster that stops midway, as while recording.
        Path growing = dir.resolve("growing.mkv");
        Files.write(growing, Arrays.copyOf(bytes, bytes.length * 8 / 10));
        long cluster = -1;
        try (SegmentReader reader = SegmentReader.open(growing)) {
            SegmentReader.Read read;
            while ((read = reader.read()) != null) {
                if (read.packet().ptsMicros() == START + SECOND) {
                    cluster = read.resumePosition();
                }
            }
        }
        assertThat(cluster).isPositive();
        try (SegmentReader reader = SegmentReader.open(growing)) {
            assertThat(reader.seekToCluster(cluster, START + SECOND)).isTrue();
            SegmentReader.Read read = reader.read();
            assertThat(read.packet().ptsMicros()).isEqualTo(START + SECOND);
            assertThat(read.packet().keyframe()).isTrue();
        }
    }

    @Test
    void aFileThatIsNoOspreySegmentIsRefused() throws Exception {
        Path foreign = TestVideo.encode(10, "matroska", Map.of());
        try {
            assertThatThrownBy(() -> SegmentReader.open(foreign)).isInstanceOf(IOException.class)
                    .hasMessageContaining("OSPREY_START");
        } finally {
            Files.deleteIfExists(foreign);
        }
    }
}
