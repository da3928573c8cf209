package org.osprey.api.search;

import java.time.Instant;
import java.util.Map;

/**
 * One result of a search: an interval on one camera.
 *
 * @param cameraId   camera
 * @param start      start of the matching interval
 * @param end        end of the matching interval
 * @param score      relevance from 0 to 1
 * @param attributes provider-specific details (object class, colour, area ...)
 */
public record SearchHit(String cameraId, Instant start, Instant end, double score, Map<String, Object> attributes) {

    /** Copies the attributes. */
    public SearchHit {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
