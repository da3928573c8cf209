package org.osprey.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.AuditVerification;

/** Checks the audit trail's hash chain and tells where it was first tampered with. */
@Service
@Command(scope = "osprey", name = "audit-verify", description = "Checks that no audit entry was changed or deleted")
public class AuditVerifyCommand implements Action {

    // Optional: Karaf holds back every command of a bundle while one of them misses a mandatory service.
    @Reference(optional = true)
    private AuditLog audit;

    @Override
    public Object execute() {
        if (audit == null) {
            System.out.println("The audit trail is not running");
            return null;
        }
        AuditVerification result = audit.verify();
        if (result.intact()) {
            System.out.println("Audit trail intact: " + result.entriesChecked() + " entries");
        } else {
            System.out.println("Audit trail BROKEN at entry " + result.firstBrokenSequence() + ": " + result.message());
        }
        return null;
    }
}
