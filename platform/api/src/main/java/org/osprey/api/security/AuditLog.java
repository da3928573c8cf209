package org.osprey.api.security;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The tamper-evident audit trail: each entry carries a hash over its content and its predecessor's hash,
 * so editing or deleting an entry breaks the chain at that position.
 */
@ProviderType
public interface AuditLog {

    /** Appends an entry; returns it with its sequence number. */
    AuditEntry record(AuditEntry entry);

    /** Entries matching the query, newest first. */
    List<AuditEntry> query(AuditQuery query);

    /** Checks the whole chain. */
    AuditVerification verify();
}
