package org.osprey.api.dto;

/**
 * {@code GET /api/v1/system/status}.
 *
 * @param name          server name
 * @param version       Osprey version
 * @param startedAt     start time, ISO-8601
 * @param uptimeSeconds seconds since start
 * @param health        {@code OK}, {@code WARNING} or {@code CRITICAL}
 */
public record SystemStatusDTO(String name, String version, String startedAt, long uptimeSeconds, String health) {
}
