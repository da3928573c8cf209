package org.osprey.core.internal.device;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.config.InvalidConfigurationException;

/**
 * Checks a configuration map against its description and returns it with values in their described
 * types and defaults filled in. Every problem is reported at once, per field.
 */
public final class ConfigValidator {

    /** Longest text value accepted when a parameter sets no maximum. */
    static final int MAX_TEXT = 4096;

    private ConfigValidator() {
    }

    /** The validated configuration; throws when any field is wrong. */
    public static Map<String, Object> validate(ConfigDescription description, Map<String, Object> input) {
        Map<String, String> errors = new TreeMap<>();
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> values = input == null ? Map.of() : input;
        for (String key : values.keySet()) {
            if (description.parameter(key).isEmpty()) {
                errors.put(key, "unknown parameter");
            }
        }
        for (ConfigParameter p : description.parameters()) {
            Object value = values.get(p.name());
            if (value == null || (value instanceof String s && s.isEmpty() && p.required())) {
                if (p.required()) {
                    errors.put(p.name(), "is required");
                } else if (p.defaultValue() != null) {
                    result.put(p.name(), p.defaultValue());
                }
                continue;
            }
            try {
                result.put(p.name(), convert(p, value));
            } catch (IllegalArgumentException e) {
                errors.put(p.name(), e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException("Invalid configuration: " + errors, errors);
        }
        return result;
    }

    private static Object convert(ConfigParameter p, Object value) {
        return switch (p.type()) {
            case TEXT, PASSWORD -> text(p, value);
            case INTEGER -> {
                BigDecimal number = number(value);
                try {
                    long whole = number.longValueExact();
                    bounds(p, whole);
                    yield whole;
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("must be a whole number");
                }
            }
            case DECIMAL -> {
                double d = number(value).doubleValue();
                bounds(p, d);
                yield d;
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    yield Boolean.parseBoolean(s);
                }
                throw new IllegalArgumentException("must be true or false");
            }
            case URI -> uri(p, text(p, value));
            case CHOICE -> {
                String s = text(p, value);
                if (!p.options().contains(s)) {
                    throw new IllegalArgumentException("must be one of " + p.options());
                }
                yield s;
            }
        };
    }

    private static String text(ConfigParameter p, Object value) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("must be text");
        }
        int max = p.max() == null ? MAX_TEXT : p.max().intValue();
        if (s.length() > max) {
            throw new IllegalArgumentException("must be at most " + max + " characters");
        }
        if (s.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new IllegalArgumentException("must not contain control characters");
        }
        return s;
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number");
            }
        }
        throw new IllegalArgumentException("must be a number");
    }

    private static void bounds(ConfigParameter p, double value) {
        if (p.min() != null && value < p.min()) {
            throw new IllegalArgumentException("must be at least " + format(p.min()));
        }
        if (p.max() != null && value > p.max()) {
            throw new IllegalArgumentException("must be at most " + format(p.max()));
        }
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String uri(ConfigParameter p, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!p.options().isEmpty() && !p.options().contains(scheme)) {
            throw new IllegalArgumentException("must use one of the schemes " + p.options());
        }
        return text;
    }
}
