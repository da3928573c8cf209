package org.osprey.device.simulator.internal.shell;

import java.time.Instant;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditLog;

/** Records what a console user changed on a simulated device, as the REST endpoints do for their callers. */
final class ConsoleAudit {

    /** The audit action of every change made through the simulator. */
    static final String ACTION = "simulator";
    /** Karaf keeps the logged-in user's name in this session variable. */
    private static final String USER = "USER";

    private ConsoleAudit() {
    }

    static void record(AuditLog audit, Session session, String deviceId, String details) {
        if (audit == null) {
            return;
        }
        Object user = session == null ? null : session.get(USER);
        audit.record(new AuditEntry(0, Instant.now(), user == null ? "" : user.toString(), "console", ACTION,
                deviceId, details));
    }
}
