package org.osprey.api.system;

import java.time.Duration;
import java.time.Instant;
import org.osprey.api.health.HealthStatus;

/**
 * The server's identity and state.
 *
 * @param name      server name set by the administrator
 * @param version   Osprey version
 * @param startedAt when the server started
 * @param uptime    time since start
 * @param health    worst status of the health checks
 */
public record SystemInfo(String name, String version, Instant startedAt, Duration uptime, HealthStatus health) {
}
