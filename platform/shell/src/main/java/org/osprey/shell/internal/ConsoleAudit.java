package org.osprey.shell.internal;

import java.time.Instant;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditLog;

/** Records what a console user changed, like the REST API does for its callers. */
final class ConsoleAudit {

    /** Karaf keeps the logged-in user's name in this session variable. */
    private static final String USER = "USER";

    private ConsoleAudit() {
    }

    static void record(AuditLog audit, Session session, String action, String target, String details) {
        if (audit == null) {
            return;
        }
        Object user = session == null ? null : session.get(USER);
        audit.record(new AuditEntry(0, Instant.now(), user == null ? "" : user.toString(), "console", action, target,
                details));
    }
}
