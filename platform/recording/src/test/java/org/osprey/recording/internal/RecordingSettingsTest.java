package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Storage entries, list settings from {@code .cfg} files, and the checks on a storage configuration. */
class RecordingSettingsTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void storageEntriesNameAFolderAndOptionallyAnAllocation() {
        assertThat(RecordingSettings.parseStorage("main=/srv/video:500"))
                .isEqualTo(new RecordingSettings.StorageSettings("main", Path.of("/srv/video"), 500 * GIB));
        assertThat(RecordingSettings.parseStorage(" archive = /mnt/archive:0.5 ").allocationBytes()).isEqualTo(GIB / 2);
        assertThat(RecordingSettings.parseStorage("plain=/srv/plain").allocationBytes()).isZero();
        // A colon that is not followed by a number belongs to the folder.
        assertThat(RecordingSettings.parseStorage("odd=/srv/a:b").root()).isEqualTo(Path.of("/srv/a:b"));
        assertThatThrownBy(() -> RecordingSettings.parseStorage("/srv/video")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordingSettings.parseStorage("bad name=/srv")).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void listEntriesMayComeCommaSeparatedAsACfgFileGivesThem() {
        assertThat(RecordingSettings.split(new String[] {"main=/a:1, archive=/b", " ", "cam-1=archive"}))
                .containsExactly("main=/a:1", "archive=/b", "cam-1=archive");
    }

    @Test
    void aConfigurationWithClashingStoragesIsRefused() {
        var main = new RecordingSettings.StorageSettings("main", Path.of("/srv/video"), 0);
        assertThatThrownBy(() -> settings(List.of(main, new RecordingSettings.StorageSettings("main",
                Path.of("/srv/other"), 0)), Map.of())).hasMessageContaining("two storages");
        assertThatThrownBy(() -> settings(List.of(main, new RecordingSettings.StorageSettings("inner",
                Path.of("/srv/video/inner"), 0)), Map.of())).hasMessageContaining("contain each other");
        assertThatThrownBy(() -> settings(List.of(main), Map.of("cam-1", "archive")))
                .hasMessageContaining("not configured");
        RecordingSettings settings = settings(List.of(main, new RecordingSettings.StorageSettings("archive",
                Path.of("/srv/archive"), 0)), Map.of("cam-2", "archive"));
        assertThat(settings.storageOf("cam-1")).isEqualTo("main");
        assertThat(settings.storageOf("cam-2")).isEqualTo("archive");
    }

    private static RecordingSettings settings(List<RecordingSettings.StorageSettings> storages,
            Map<String, String> cameraStorage) {
        return new RecordingSettings(storages, cameraStorage, Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(10), 0, Map.of(), 0, 0, 1 << 20, 100, true, Map.of(), "",
                Map.of(), Duration.ofSeconds(10), 1 << 20, Duration.ofSeconds(3), Duration.ofSeconds(5), "0.1.0");
    }
}
