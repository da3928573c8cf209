package org.osprey.api.health;

/** Outcome of a health check, from best to worst. */
public enum HealthStatus {
    /** Fine. */
    OK,
    /** Works, but needs attention soon. */
    WARNING,
    /** Something does not work. */
    CRITICAL;

    /** The worse of two statuses. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
