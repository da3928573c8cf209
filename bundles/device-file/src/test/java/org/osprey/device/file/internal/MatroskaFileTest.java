package org.osprey.device.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.device.file.internal.MatroskaFile.FilePacket;

class MatroskaFileTest {

    private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");

    @TempDir
    Path folder;

    /**
     * Matroska keeps presentation times only; with B-frames the decoding times must still rise and never
     * pass the presentation times, from the first packet on and again after a rewind. The file comes
     * from the ffmpeg command (libx264), which scripts/install-packages.sh installs: OpenH264 makes no
     * B-frames.
     */
    @Test
    void bFramesGetRisingDecodingTimesFromTheFirstPacketOnAndAfterARewind() throws Exception {
        assertThat(Files.isExecutable(FFMPEG)).as(FFMPEG + " (scripts/install-packages.sh)").isTrue();
        Path file = folder.resolve("bframes.mkv");
        Process ffmpeg = new ProcessBuilder(FFMPEG.toString(), "-v", "error", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=10", "-t", "2", "-c:v", "libx264", "-bf", "2", "-g", "10", file.toString())
                .redirectErrorStream(true).start();
        assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as(new String(ffmpeg.getInputStream().readAllBytes())).isZero();

        try (MatroskaFile mkv = MatroskaFile.open(file)) {
            for (int round = 0; round < 2; round++) {
                List<FilePacket> packets = new ArrayList<>();
                for (FilePacket p = mkv.next(); p != null; p = mkv.next()) {
                    packets.add(p);
                }
                assertThat(packets).hasSize(20);
                assertThat(packets.get(0).keyframe()).isTrue();
                assertThat(packets.stream().anyMatch(p -> p.ptsMicros() < packets.get(0).ptsMicros()
                        || packets.indexOf(p) > 0 && p.ptsMicros() < packets.get(packets.indexOf(p) - 1).ptsMicros()))
                        .as("the file reorders frames").isTrue();
                for (int i = 0; i < packets.size(); i++) {
                    FilePacket p = packets.get(i);
                    assertThat(p.dtsMicros()).as("dts of packet %d", i).isNotEqualTo(MatroskaFile.NONE)
                            .isLessThanOrEqualTo(p.ptsMicros());
                    if (i > 0) {
                        assertThat(p.dtsMicros()).isGreaterThan(packets.get(i - 1).dtsMicros());
                    }
                }
                assertThat(mkv.rewind()).isTrue();
            }
        }
    }
}
