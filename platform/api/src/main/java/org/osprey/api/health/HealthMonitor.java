package org.osprey.api.health;

import org.osgi.annotation.versioning.ProviderType;

/** Runs the installed health checks. */
@ProviderType
public interface HealthMonitor {

    /** Runs every check now; a check that fails or takes too long is reported as critical. */
    HealthReport check();
}
