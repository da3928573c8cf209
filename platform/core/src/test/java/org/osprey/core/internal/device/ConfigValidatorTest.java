package org.osprey.core.internal.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.config.InvalidConfigurationException;

class ConfigValidatorTest {

    private static final ConfigDescription CAMERA = ConfigDescription.of(
            ConfigParameter.uri("url", "Stream URL", true, "rtsp", "http"),
            ConfigParameter.integer("fps", "Frame rate", 25, 1, 60),
            ConfigParameter.bool("audio", "Audio", false),
            ConfigParameter.choice("transport", "Transport", "tcp", "tcp", "udp"),
            ConfigParameter.password("password", "Password", false));

    @Test
    void validInputIsTypedAndDefaultsAreFilledIn() {
        Map<String, Object> result = ConfigValidator.validate(CAMERA,
                Map.of("url", "rtsp://127.0.0.1:8554/cam", "fps", "30", "audio", "true"));
        assertThat(result).containsEntry("url", "rtsp://127.0.0.1:8554/cam").containsEntry("fps", 30L)
                .containsEntry("audio", true).containsEntry("transport", "tcp").doesNotContainKey("password");
    }

    @Test
    void everyProblemIsReportedPerField() {
        Map<String, Object> input = new HashMap<>();
        input.put("url", "file:///etc/passwd");
        input.put("fps", 2.5);
        input.put("audio", "maybe");
        input.put("transport", "carrier-pigeon");
        input.put("colour", "red");
        assertThatThrownBy(() -> ConfigValidator.validate(CAMERA, input))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("url", "must use one of the schemes [rtsp, http]")
                        .containsEntry("fps", "must be a whole number")
                        .containsEntry("audio", "must be true or false")
                        .containsEntry("transport", "must be one of [tcp, udp]")
                        .containsEntry("colour", "unknown parameter"));
    }

    @Test
    void missingRequiredBoundsAndNonTextAreRefused() {
        assertThatThrownBy(() -> ConfigValidator.validate(CAMERA, Map.of("fps", 61)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("url", "is required").containsEntry("fps", "must be at most 60"));
        assertThatThrownBy(() -> ConfigValidator.validate(CAMERA, Map.of("url", Map.of("nested", 1))))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.fieldErrors()).containsEntry("url", "must be text"));
        assertThatThrownBy(() -> ConfigValidator.validate(CAMERA, Map.of("url", "rtsp://x/" + "a".repeat(5000))))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> ConfigValidator.validate(CAMERA, Map.of("url", "rtsp://x/\n-f")))
                .isInstanceOf(InvalidConfigurationException.class);
    }
}
