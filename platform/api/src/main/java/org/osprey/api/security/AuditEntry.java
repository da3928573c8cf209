package org.osprey.api.security;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit trail (LOG-08).
 *
 * @param sequence position in the trail, from 1; 0 for an entry not yet recorded
 * @param time     when it happened
 * @param user     who did it; empty for the server itself
 * @param source   the caller's address
 * @param action   what kind of action, one of {@link AuditActions} or a plugin's own
 * @param target   what it was done to (a device id, a user name, ...)
 * @param details  free text; never a password
 */
public record AuditEntry(long sequence, Instant time, String user, String source, String action, String target,
        String details) {

    /** Checks the mandatory parts. */
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        user = user == null ? "" : user;
        source = source == null ? "" : source;
        target = target == null ? "" : target;
        details = details == null ? "" : details;
    }

    /** An entry to record now. */
    public static AuditEntry of(Subject subject, String action, String target, String details) {
        return new AuditEntry(0, Instant.now(), subject == null ? "" : subject.username(),
                subject == null ? "" : subject.sourceAddress(), action, target, details);
    }
}
