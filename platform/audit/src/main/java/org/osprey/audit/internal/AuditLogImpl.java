package org.osprey.audit.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.AuditQuery;
import org.osprey.api.security.AuditVerification;
import org.osprey.api.storage.DatabaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail (LOG-08) as a hash chain in the server database. Each entry's hash covers its content
 * and its predecessor's hash, so an edited, deleted or inserted entry breaks the chain where it happened.
 * Entries older than the retention period (LOG-09) are removed once a day from the old end of the chain;
 * the last removed entry stays behind as the anchor the remaining chain is checked from.
 */
@Component(service = AuditLog.class, configurationPid = AuditLogImpl.PID)
@Designate(ocd = AuditLogImpl.Config.class)
public class AuditLogImpl implements AuditLog {

    static final String PID = "org.osprey.audit";
    static final int MAX_LIMIT = 10_000;
    static final int VERIFY_BATCH = 1_000;
    static final int PURGE_BATCH = 1_000;
    /** Not at once, so start-up is not slowed; a restart schedules it anew, so servers restarted daily still purge. */
    static final Duration FIRST_PURGE = Duration.ofMinutes(10);

    @ObjectClassDefinition(name = "Osprey audit trail", description = "How long the audit trail is kept (LOG-09).")
    public @interface Config {
        @AttributeDefinition(name = "Retention (days)",
                description = "Entries older than this are removed once a day; 0 keeps them forever.",
                min = "0", max = "1000")
        int retentionDays() default 365;
    }

    private final Logger logger = LoggerFactory.getLogger(AuditLogImpl.class);
    private final AuditStore store;
    private final SchedulerService schedulers;
    /** Verification and purging exclude each other: a purge under a running walk would look like deletion. */
    private final Object maintenance = new Object();
    private final Object jobLock = new Object();
    private ScheduledFuture<?> purgeJob;
    private volatile int retentionDays;
    private volatile boolean active = true;

    /** Brings the schema up to date and schedules the daily purge. */
    @Activate
    public AuditLogImpl(@Reference DatabaseService database, @Reference SchedulerService schedulers, Config config)
            throws SQLException {
        this.store = new AuditStore(database);
        this.schedulers = schedulers;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        retentionDays = config.retentionDays();
        synchronized (jobLock) {
            cancelPurgeJob();
            if (active && retentionDays > 0) {
                purgeJob = schedulers.ioScheduler().scheduleWithFixedDelay(this::purgeExpired,
                        FIRST_PURGE.toMinutes(), Duration.ofDays(1).toMinutes(), TimeUnit.MINUTES);
            }
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        synchronized (jobLock) {
            cancelPurgeJob();
        }
    }

    private void cancelPurgeJob() {
        if (purgeJob != null) {
            purgeJob.cancel(false);
            purgeJob = null;
        }
    }

    /**
     * Appends under this object's lock, so entries get consecutive sequence numbers and each links to the
     * one before. The entry's own sequence number is ignored.
     */
    @Override
    public synchronized AuditEntry record(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        try {
            return store.append(entry);
        } catch (SQLException e) {
            throw new IllegalStateException("The audit trail could not be written: " + e.getMessage(), e);
        }
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        try {
            return store.query(query, Math.max(1, Math.min(MAX_LIMIT, query.limit())));
        } catch (SQLException e) {
            throw new IllegalStateException("The audit trail could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Walks the chain from the retention anchor to the head recorded at the start, in batches, and stops
     * at the first damage. Entries recorded meanwhile are left for the next check.
     */
    @Override
    public AuditVerification verify() {
        synchronized (maintenance) {
            try {
                return walk();
            } catch (SQLException e) {
                throw new IllegalStateException("The audit trail could not be read: " + e.getMessage(), e);
            }
        }
    }

    private AuditVerification walk() throws SQLException {
        AuditStore.Ends ends = store.ends();
        AuditStore.Link anchor = ends.anchor();
        AuditStore.Link head = ends.head();
        long first = anchor == null ? 1 : anchor.sequence() + 1;
        long expected = first;
        String previousHash = anchor == null ? AuditHash.GENESIS : anchor.hash();
        long upTo = head == null ? Long.MAX_VALUE : head.sequence();
        long checked = 0;
        List<AuditStore.StoredEntry> batch;
        do {
            batch = store.batch(expected - 1, upTo, VERIFY_BATCH);
            for (AuditStore.StoredEntry stored : batch) {
                long seq = stored.entry().sequence();
                checked++;
                if (seq > expected) {
                    return broken(checked, seq, missing(expected, seq - 1));
                }
                if (!AuditHash.isWellFormed(stored.previousHash()) || !AuditHash.isWellFormed(stored.hash())
                        || !AuditHash.of(stored.previousHash(), stored.entry()).equals(stored.hash())) {
                    return broken(checked, seq, "entry " + seq + " was changed");
                }
                if (!stored.previousHash().equals(previousHash)) {
                    // The entry is consistent in itself, so what it links to was replaced.
                    if (seq == first && anchor != null) {
                        return broken(checked, seq, "entry " + seq + " does not follow the retention anchor (entry "
                                + anchor.sequence() + ")");
                    }
                    if (seq == first) {
                        return broken(checked, seq, "entry " + seq + " was changed");
                    }
                    return broken(checked, seq - 1, "entry " + (seq - 1) + " was changed: entry " + seq
                            + " no longer links to it");
                }
                previousHash = stored.hash();
                expected = seq + 1;
            }
        } while (batch.size() == VERIFY_BATCH);

        long last = expected - 1;
        if (head == null) {
            if (checked == 0 && anchor == null) {
                return new AuditVerification(true, 0, 0, "The audit trail is empty");
            }
            return broken(checked, last, "the record of the newest entry is missing");
        }
        if (last < head.sequence()) {
            return broken(checked, last + 1, "the newest entries were deleted: " + missing(last + 1, head.sequence()));
        }
        if (last > head.sequence()) {
            return broken(checked, head.sequence() + 1, "the record of the newest entry was changed");
        }
        if (!head.hash().equals(previousHash)) {
            return broken(checked, last, "entry " + last + " was changed");
        }
        String message = checked + (checked == 1 ? " entry" : " entries") + " intact";
        return new AuditVerification(true, checked, 0, anchor == null ? message
                : message + "; entries up to " + anchor.sequence() + " were removed by retention");
    }

    private static String missing(long from, long to) {
        return from == to ? "entry " + from + " is missing" : "entries " + from + " to " + to + " are missing";
    }

    private static AuditVerification broken(long checked, long sequence, String message) {
        return new AuditVerification(false, checked, sequence, message);
    }

    /** The daily job; it must not throw, or the scheduler would never run it again. */
    private void purgeExpired() {
        int days = retentionDays;
        if (days <= 0) {
            return;
        }
        try {
            int removed = purge(Instant.now().minus(Duration.ofDays(days)));
            if (removed > 0) {
                logger.info("Removed {} audit entries older than {} days", removed, days);
            }
        } catch (SQLException e) {
            logger.warn("Old audit entries could not be removed, trying again tomorrow: {}", e.getMessage());
        } catch (RuntimeException e) {
            logger.error("Old audit entries could not be removed", e);
        }
    }

    /**
     * Removes the entries recorded before the cut-off, a batch per transaction so a first purge of a long
     * trail neither holds locks for long nor needs memory for all of it.
     *
     * @return how many entries were removed
     */
    int purge(Instant cutoff) throws SQLException {
        synchronized (maintenance) {
            int total = 0;
            int removed;
            do {
                removed = store.purgeChunk(cutoff, PURGE_BATCH);
                total += removed;
            } while (removed == PURGE_BATCH && active);
            return total;
        }
    }
}
