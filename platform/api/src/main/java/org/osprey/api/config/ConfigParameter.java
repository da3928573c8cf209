package org.osprey.api.config;

import java.util.List;
import java.util.Objects;

/**
 * One field of a {@link ConfigDescription}.
 *
 * @param name         key of the value in the configuration map
 * @param label        short label a client shows next to the field
 * @param description  help text, may be empty
 * @param type         value type
 * @param required     whether the value must be present
 * @param defaultValue value used when absent, or {@code null}
 * @param min          lower bound for numbers, or {@code null}
 * @param max          upper bound for numbers (or maximum length for text), or {@code null}
 * @param options      accepted values for {@link ParameterType#CHOICE}, accepted schemes for
 *                     {@link ParameterType#URI}; empty otherwise
 */
public record ConfigParameter(String name, String label, String description, ParameterType type, boolean required,
        Object defaultValue, Double min, Double max, List<String> options) {

    /** Checks the mandatory parts and copies the option list. */
    public ConfigParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        label = label == null ? name : label;
        description = description == null ? "" : description;
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** A text parameter. */
    public static ConfigParameter text(String name, String label, boolean required) {
        return new ConfigParameter(name, label, "", ParameterType.TEXT, required, null, null, null, List.of());
    }

    /** A password parameter. */
    public static ConfigParameter password(String name, String label, boolean required) {
        return new ConfigParameter(name, label, "", ParameterType.PASSWORD, required, null, null, null, List.of());
    }

    /** A bounded integer parameter with a default. */
    public static ConfigParameter integer(String name, String label, long defaultValue, long min, long max) {
        return new ConfigParameter(name, label, "", ParameterType.INTEGER, false, defaultValue, (double) min,
                (double) max, List.of());
    }

    /** A boolean parameter with a default. */
    public static ConfigParameter bool(String name, String label, boolean defaultValue) {
        return new ConfigParameter(name, label, "", ParameterType.BOOLEAN, false, defaultValue, null, null, List.of());
    }

    /** A URI parameter restricted to the given schemes. */
    public static ConfigParameter uri(String name, String label, boolean required, String... schemes) {
        return new ConfigParameter(name, label, "", ParameterType.URI, required, null, null, null, List.of(schemes));
    }

    /** A choice parameter with a default. */
    public static ConfigParameter choice(String name, String label, String defaultValue, String... options) {
        return new ConfigParameter(name, label, "", ParameterType.CHOICE, false, defaultValue, null, null,
                List.of(options));
    }

    /** A copy with the given help text. */
    public ConfigParameter withDescription(String text) {
        return new ConfigParameter(name, label, text, type, required, defaultValue, min, max, options);
    }
}
