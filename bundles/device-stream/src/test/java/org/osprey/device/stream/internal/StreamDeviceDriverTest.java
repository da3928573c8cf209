package org.osprey.device.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.config.ParameterType;
import org.osprey.api.device.CameraDescriptor;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.device.StreamDescriptor;
import org.osprey.api.device.StreamProfile;
import org.osprey.sdk.test.TestDeviceContext;

class StreamDeviceDriverTest {

    private final StreamDeviceDriver driver = new StreamDeviceDriver();

    @Test
    void describesTheStreamDeviceType() {
        assertThat(driver.describe().id()).isEqualTo("osprey.stream");
        ConfigDescription config = driver.describe().configuration();
        ConfigParameter url = config.parameter("url").orElseThrow();
        assertThat(url.type()).isEqualTo(ParameterType.URI);
        assertThat(url.required()).isTrue();
        assertThat(url.options()).containsExactly("rtsp", "rtsps", "http", "https");
        assertThat(config.parameter("username").orElseThrow().type()).isEqualTo(ParameterType.TEXT);
        assertThat(config.parameter("password").orElseThrow().type()).isEqualTo(ParameterType.PASSWORD);
        ConfigParameter transport = config.parameter("transport").orElseThrow();
        assertThat(transport.type()).isEqualTo(ParameterType.CHOICE);
        assertThat(transport.options()).containsExactly("tcp", "udp");
        assertThat(transport.defaultValue()).isEqualTo("tcp");
        assertThat(config.parameter("profile").orElseThrow().options()).containsExactly("high", "medium", "low");
        ConfigParameter timeout = config.parameter("timeoutSeconds").orElseThrow();
        assertThat(timeout.min()).isEqualTo(1.0);
        assertThat(timeout.max()).isEqualTo(60.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"concat:rtsp://cam/a|rtsp://cam/b", "file:/etc/passwd", "subfile,,start,0,end,9,,:/x",
        "-i rtsp://cam/live", "pipe:0", "rtsp://cam/live\n-f lavfi", "rtsp://admin:Secr3t@cam/live"})
    void refusesEvilUrlsWithNotAccessibleAndAClearMessage(String url) {
        try (TestDeviceContext context = new TestDeviceContext(StreamDeviceDriver.TYPE_ID,
                Map.of("url", url, "username", "admin", "password", "Secr3t"))) {
            DeviceHandler handler = driver.createHandler(context);
            assertThat(handler).isInstanceOf(RefusedDeviceHandler.class);
            handler.initialize();
            assertThat(context.lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE);
            assertThat(context.statuses().get(0).message()).startsWith("Configuration refused: The URL ")
                    .doesNotContain("Secr3t");
            handler.dispose();
        }
    }

    @Test
    void aValidDeviceDescribesOneCameraWithOneStreamBeforeItConnects() {
        try (TestDeviceContext context = new TestDeviceContext(StreamDeviceDriver.TYPE_ID,
                Map.of("url", "rtsp://127.0.0.1:9/live", "profile", "medium"))) {
            DeviceHandler handler = driver.createHandler(context);
            assertThat(handler).isInstanceOf(StreamDeviceHandler.class);
            List<CameraDescriptor> cameras = handler.capabilities().cameras();
            assertThat(cameras).hasSize(1);
            assertThat(cameras.get(0).id()).isEqualTo("test-device");
            StreamDescriptor stream = cameras.get(0).streams().get(0);
            assertThat(stream.id()).isEqualTo("medium");
            assertThat(stream.profile()).isEqualTo(StreamProfile.MEDIUM);
            assertThat(handler.mediaSource()).isPresent();
            assertThatThrownBy(() -> handler.mediaSource().orElseThrow().subscribe("high", new RecordingSink()))
                    .isInstanceOf(IllegalArgumentException.class);
            handler.dispose();
        }
    }
}
