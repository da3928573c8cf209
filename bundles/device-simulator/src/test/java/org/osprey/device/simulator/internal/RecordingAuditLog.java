package org.osprey.device.simulator.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.AuditQuery;
import org.osprey.api.security.AuditVerification;

/** An audit trail in memory that keeps what was recorded, for the tests of the steering front ends. */
public final class RecordingAuditLog implements AuditLog {

    public final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public AuditEntry record(AuditEntry entry) {
        entries.add(entry);
        return entry;
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AuditVerification verify() {
        throw new UnsupportedOperationException();
    }
}
