package org.osprey.api.automation;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * What a trigger tells the rule when it fires (AR-07): actions can insert these values into their
 * messages.
 *
 * @param type       trigger type label, for example {@code Device event}
 * @param sourceId   id of what fired it (device, camera, port ...)
 * @param sourceName name of what fired it
 * @param time       when it fired
 * @param values     further named values of the trigger, strings, numbers or booleans
 */
public record TriggerData(String type, String sourceId, String sourceName, Instant time, Map<String, Object> values) {

    /** Checks the mandatory parts and copies the values. */
    public TriggerData {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        sourceId = sourceId == null ? "" : sourceId;
        sourceName = sourceName == null ? "" : sourceName;
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    /** The time in the given zone, the manual's "Time (local)". */
    public ZonedDateTime localTime(ZoneId zone) {
        return time.atZone(zone);
    }
}
