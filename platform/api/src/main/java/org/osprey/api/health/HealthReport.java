package org.osprey.api.health;

import java.time.Instant;
import java.util.List;

/**
 * The results of every installed health check at one moment.
 *
 * @param status  the worst status of all results, {@link HealthStatus#OK} when there are none
 * @param time    when the checks ran
 * @param results one result per check
 */
public record HealthReport(HealthStatus status, Instant time, List<HealthResult> results) {

    /** Copies the list. */
    public HealthReport {
        results = results == null ? List.of() : List.copyOf(results);
    }
}
