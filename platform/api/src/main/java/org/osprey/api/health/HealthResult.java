package org.osprey.api.health;

import java.util.Objects;

/**
 * The outcome of one health check.
 *
 * @param checkId id of the check
 * @param status  outcome
 * @param message what a user reads
 */
public record HealthResult(String checkId, HealthStatus status, String message) {

    /** Checks the mandatory parts. */
    public HealthResult {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }
}
