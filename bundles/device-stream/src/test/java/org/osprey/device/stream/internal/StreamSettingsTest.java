package org.osprey.device.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.api.device.StreamProfile;

class StreamSettingsTest {

    private static Map<String, Object> config(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        map.put("url", "rtsp://cam/live");
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void readsEveryFieldAndFillsDefaults() {
        StreamSettings defaults = StreamSettings.from(config());
        assertThat(defaults.transport()).isEqualTo(StreamSettings.Transport.TCP);
        assertThat(defaults.profile()).isEqualTo(StreamProfile.HIGH);
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.username()).isNull();
        assertThat(defaults.connectionUrl()).isEqualTo("rtsp://cam/live");

        StreamSettings all = StreamSettings.from(config("username", "op", "password", "pw@1", "transport", "udp",
                "profile", "low", "timeoutSeconds", 5L));
        assertThat(all.transport().option()).isEqualTo("udp");
        assertThat(all.profile()).isEqualTo(StreamProfile.LOW);
        assertThat(all.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(all.connectionUrl()).isEqualTo("rtsp://op:pw%401@cam/live");
    }

    @Test
    void emptyCredentialsMeanNone() {
        assertThat(StreamSettings.from(config("username", "", "password", "")).connectionUrl())
                .isEqualTo("rtsp://cam/live");
    }

    @Test
    void neverPrintsThePassword() {
        StreamSettings settings = StreamSettings.from(config("username", "op", "password", "Secr3t"));
        assertThat(settings.toString()).contains("op").contains("***").doesNotContain("Secr3t");
        assertThat(settings.url().toString()).doesNotContain("Secr3t");
    }

    @Test
    void refusesWhatFfmpegMustNotSeeWithClearMessages() {
        assertThatThrownBy(() -> StreamSettings.from(config("url", "concat:/etc/passwd")))
                .hasMessage("The URL must start with rtsp://, rtsps://, http:// or https://");
        assertThatThrownBy(() -> StreamSettings.from(config("url", 42))).hasMessage("The URL must be text");
        assertThatThrownBy(() -> StreamSettings.from(config("password", "x"))).hasMessage("A password needs a user name");
        assertThatThrownBy(() -> StreamSettings.from(config("username", "a:b")))
                .hasMessage("The user name must not contain ':' or '\"'");
        assertThatThrownBy(() -> StreamSettings.from(config("username", "op", "password", "Secr3t\n-i x")))
                .hasMessage("The password must not contain control characters")
                .message().doesNotContain("Secr3t");
        assertThatThrownBy(() -> StreamSettings.from(config("transport", "tcp -f lavfi")))
                .hasMessage("The transport must be one of tcp, udp");
        assertThatThrownBy(() -> StreamSettings.from(config("profile", "ultra")))
                .hasMessage("The profile must be one of high, medium, low");
        assertThatThrownBy(() -> StreamSettings.from(config("timeoutSeconds", 0L)))
                .hasMessage("The timeout must be between 1 and 60 seconds");
        assertThatThrownBy(() -> StreamSettings.from(config("timeoutSeconds", "10")))
                .hasMessage("The timeout must be a whole number of seconds");
        assertThatThrownBy(() -> StreamSettings.from(config("timeoutSeconds", 1.5)))
                .hasMessage("The timeout must be a whole number of seconds");
    }
}
