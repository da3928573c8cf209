package org.osprey.api.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One platform event.
 *
 * @param topic      one of {@link EventTopics}
 * @param time       when it happened
 * @param properties payload keyed by {@link EventProperties} or plugin-defined keys
 */
public record OspreyEvent(String topic, Instant time, Map<String, Object> properties) {

    /** Checks the mandatory parts and copies the payload. */
    public OspreyEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(time, "time");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** A property as text, or empty text when absent. */
    public String text(String key) {
        Object value = properties.get(key);
        return value == null ? "" : value.toString();
    }
}
