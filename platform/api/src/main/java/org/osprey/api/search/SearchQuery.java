package org.osprey.api.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A search over recorded material.
 *
 * @param cameraIds cameras to search
 * @param from      start of the interval
 * @param to        end of the interval
 * @param criteria  provider-specific criteria, validated against {@code describe().configuration()}
 * @param limit     maximum number of hits
 */
public record SearchQuery(List<String> cameraIds, Instant from, Instant to, Map<String, Object> criteria,
        int limit) {

    /** Copies the collections. */
    public SearchQuery {
        cameraIds = cameraIds == null ? List.of() : List.copyOf(cameraIds);
        criteria = criteria == null ? Map.of() : Map.copyOf(criteria);
    }
}
