package org.osprey.device.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VideoFolderTest {

    @TempDir
    Path folder;

    @Test
    void aPlainNameResolvesInsideTheFolder() {
        VideoFolder videos = VideoFolder.at(folder);
        assertThat(videos.resolve("Entrance 2024-05-01.mkv")).isEqualTo(folder.resolve("Entrance 2024-05-01.mkv"));
        assertThat(videos.resolve("LOBBY.MKV").getParent()).isEqualTo(folder);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.mkv", "sub/clip.mkv", "/etc/clip.mkv", "..\\clip.mkv", "a..b.mkv",
        ".hidden.mkv", "concat:a.mkv", "clip.mp4", ".mkv", "clip\n.mkv", " ", "file:clip.mkv"})
    void anythingButAPlainMkvNameIsRefusedWithAReason(String name) {
        assertThatThrownBy(() -> VideoFolder.at(folder).resolve(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
        assertThat(VideoFolder.isVideoName(name)).isFalse();
    }

    @Test
    void theDefaultFolderIsUnderTheServerDataFolder() {
        String before = System.getProperty("karaf.data");
        System.setProperty("karaf.data", folder.toString());
        try {
            assertThat(VideoFolder.of("").path()).isEqualTo(folder.resolve("osprey").resolve("PrerecordedVideos"));
            assertThat(VideoFolder.of(folder.resolve("mine").toString()).path()).isEqualTo(folder.resolve("mine"));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }
}
