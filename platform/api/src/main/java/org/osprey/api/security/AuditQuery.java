package org.osprey.api.security;

import java.time.Instant;

/**
 * Filters of an audit query; {@code null} fields do not filter.
 *
 * @param from   earliest time, inclusive
 * @param to     latest time, exclusive
 * @param user   exact user name
 * @param action exact action
 * @param limit  maximum number of entries, newest first; 1 to 10,000
 */
public record AuditQuery(Instant from, Instant to, String user, String action, int limit) {
}
