package org.osprey.api.data;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One record from an external data source, such as an access-control or point-of-sale event.
 *
 * @param sourceKey key of the source
 * @param time      when it happened
 * @param cameraId  camera whose view it belongs to, or empty
 * @param values    column values keyed by {@link DataColumn#key()}
 */
public record ExternalDataRecord(String sourceKey, Instant time, String cameraId, Map<String, Object> values) {

    /** Checks the mandatory parts and copies the values. */
    public ExternalDataRecord {
        Objects.requireNonNull(sourceKey, "sourceKey");
        Objects.requireNonNull(time, "time");
        cameraId = cameraId == null ? "" : cameraId;
        values = values == null ? Map.of() : Map.copyOf(values);
    }
}
