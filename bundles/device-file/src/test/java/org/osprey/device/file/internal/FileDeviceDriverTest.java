package org.osprey.device.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.config.ParameterType;
import org.osprey.api.device.DiscoveredDevice;

class FileDeviceDriverTest {

    @TempDir
    Path folder;

    static FileDeviceDriver.Config config(String folder) {
        return new FileDeviceDriver.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FileDeviceDriver.Config.class;
            }

            @Override
            public String folder() {
                return folder;
            }

            @Override
            public boolean createSample() {
                return false;
            }
        };
    }

    @Test
    void describesThePrerecordedVideoType() {
        FileDeviceDriver driver = new FileDeviceDriver(config(folder.toString()));
        assertThat(driver.describe().id()).isEqualTo("osprey.file");
        ConfigParameter file = driver.describe().configuration().parameter("file").orElseThrow();
        assertThat(file.type()).isEqualTo(ParameterType.TEXT);
        assertThat(file.required()).isTrue();
    }

    @Test
    void discoveryListsTheVideosOfTheFolder() throws Exception {
        Files.createFile(folder.resolve("b.mkv"));
        Files.createFile(folder.resolve("a.MKV"));
        Files.createFile(folder.resolve("notes.txt"));
        Files.createFile(folder.resolve(".hidden.mkv"));
        Files.createDirectory(folder.resolve("dir.mkv"));
        PrerecordedVideoDiscovery discovery = new PrerecordedVideoDiscovery(config(folder.toString()));
        assertThat(discovery.discover(Duration.ofSeconds(1))).extracting(DiscoveredDevice::address)
                .containsExactly("a.MKV", "b.mkv");
        assertThat(discovery.discover(Duration.ofSeconds(1)).get(0).configuration()).containsEntry("file", "a.MKV");
        assertThat(new PrerecordedVideoDiscovery(config(folder.resolve("none").toString()))
                .discover(Duration.ofSeconds(1))).isEmpty();
    }
}
