package org.osprey.core.internal.system;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osprey.api.health.HealthCheck;
import org.osprey.api.health.HealthMonitor;
import org.osprey.api.health.HealthReport;
import org.osprey.api.health.HealthResult;
import org.osprey.api.health.HealthStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the installed health checks on demand; a failing check counts as critical, never as a crash.
 * The public system endpoint asks for the health on every call, so a report is reused for a moment
 * instead of letting any caller make the server stat disks and read certificates at will.
 */
@Component
public class HealthMonitorImpl implements HealthMonitor {

    static final Duration REUSE = Duration.ofSeconds(2);

    private final Logger logger = LoggerFactory.getLogger(HealthMonitorImpl.class);
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile HealthReport last;

    public HealthMonitorImpl() {
        this(Clock.systemUTC());
    }

    HealthMonitorImpl(Clock clock) {
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(HealthCheck check) {
        checks.add(check);
        last = null;
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
        last = null;
    }

    @Override
    public HealthReport check() {
        HealthReport recent = last;
        if (recent != null && recent.time().plus(REUSE).isAfter(clock.instant())) {
            return recent;
        }
        last = run();
        return last;
    }

    private HealthReport run() {
        List<HealthResult> results = new ArrayList<>();
        HealthStatus worst = HealthStatus.OK;
        for (HealthCheck check : checks) {
            HealthResult result = run(check);
            results.add(result);
            worst = worst.worst(result.status());
        }
        return new HealthReport(worst, clock.instant(), results);
    }

    private HealthResult run(HealthCheck check) {
        String id = check.getClass().getName();
        try {
            id = check.describe().id();
            return check.check();
        } catch (RuntimeException e) {
            logger.error("Health check {} failed", id, e);
            return new HealthResult(id, HealthStatus.CRITICAL, "The check failed: " + e);
        }
    }
}
