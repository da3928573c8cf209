package org.osprey.device.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.device.file.internal.MatroskaFile.FilePacket;

class SampleVideoTest {

    @TempDir
    Path data;

    @Test
    void theSampleIsMadeOnceAsTwentySecondsOfH264WithAKeyframeEverySecond() throws Exception {
        VideoFolder folder = VideoFolder.at(data.resolve("PrerecordedVideos"));
        SampleVideo.ensure(folder);
        Path sample = folder.path().resolve(SampleVideo.FILE_NAME);
        assertThat(sample).isRegularFile();
        try (var listing = Files.list(folder.path())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly(SampleVideo.FILE_NAME);
        }

        List<FilePacket> packets = new ArrayList<>();
        try (MatroskaFile file = MatroskaFile.open(sample)) {
            CodecParameters video = file.streams().get(file.videoStream());
            assertThat(video.kind()).isEqualTo(MediaKind.VIDEO);
            assertThat(video.codec()).isEqualTo("h264");
            assertThat(video.width()).isEqualTo(640);
            assertThat(video.height()).isEqualTo(360);
            assertThat(video.extradata()).isNotEmpty();
            assertThat(file.frameRate()).isEqualTo(15.0);
            for (FilePacket p = file.next(); p != null; p = file.next()) {
                packets.add(p);
            }
        }
        assertThat(packets).hasSize(20 * 15);
        for (int i = 0; i < packets.size(); i++) {
            assertThat(packets.get(i).keyframe()).as("keyframe at frame %d", i).isEqualTo(i % 15 == 0);
        }
        long bits = Files.size(sample) * 8;
        assertThat(bits / 20).as("bit/s: noise keeps the picture from compressing to nothing")
                .isGreaterThan(300_000);

        FileTime made = Files.getLastModifiedTime(sample);
        SampleVideo.ensure(folder);
        assertThat(Files.getLastModifiedTime(sample)).as("an existing sample is left alone").isEqualTo(made);
    }
}
