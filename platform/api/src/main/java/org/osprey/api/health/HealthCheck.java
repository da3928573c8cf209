package org.osprey.api.health;

import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.plugin.Plugin;

/** A health check plugin (SHM-*): one service per check. */
@ConsumerType
public interface HealthCheck extends Plugin {

    /** Runs the check; must finish within a few seconds and never throw for an expected fault. */
    HealthResult check();
}
