package org.osprey.shell.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.recording.RecordingLock;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditLog;

/**
 * Keeps a camera's recordings of an interval from retention and room making, until unlocked: how an
 * administrator protects evidence before bookmarks exist.
 */
@Service
@Command(scope = "osprey", name = "lock", description = "Keeps a camera's recordings of an interval from deletion")
public class LockCommand implements Action {

    @Reference(optional = true)
    private RecordingService recordings;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "camera", required = true, description = "Camera id")
    @Completion(DeviceIdCompleter.class)
    private String camera;

    @Argument(index = 1, name = "from", required = true, description = "Start, ISO-8601 such as 2026-01-31T12:00:00Z")
    private String from;

    @Argument(index = 2, name = "to", required = true, description = "End, ISO-8601")
    private String to;

    @Argument(index = 3, name = "reason", description = "Why the recordings are kept")
    private String reason;

    @Override
    public Object execute() {
        if (recordings == null) {
            System.out.println("The recording engine is not running");
            return null;
        }
        try {
            RecordingLock lock = recordings.lock(camera, Instant.parse(from), Instant.parse(to), reason);
            System.out.println("Locked " + lock.cameraId() + " from " + lock.from() + " to " + lock.to() + " (id "
                    + lock.id() + ")");
            ConsoleAudit.record(audit, session, AuditActions.CONFIGURATION, lock.cameraId(),
                    "recordings locked from " + lock.from() + " to " + lock.to() + ", lock " + lock.id());
        } catch (DateTimeParseException e) {
            System.out.println("Not locked: give from and to as ISO-8601 instants such as 2026-01-31T12:00:00Z");
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.out.println("Not locked: " + e.getMessage());
        }
        return null;
    }
}
