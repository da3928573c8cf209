package org.osprey.audit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditQuery;
import org.osprey.api.storage.DatabaseService;
import org.osprey.api.storage.Migration;

/**
 * The audit trail's tables. Besides the entries it keeps two single rows: the chain head (the newest
 * entry's sequence and hash, so deleting the newest entries shows) and the retention anchor (the newest
 * removed entry's, so the chain can be checked after old entries are gone).
 */
final class AuditStore {

    static final String OWNER = "org.osprey.audit";

    static final int MAX_USER = 200;
    static final int MAX_SOURCE = 200;
    static final int MAX_ACTION = 100;
    static final int MAX_TARGET = 500;
    static final int MAX_DETAILS = 4000;

    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "audit trail", """
            CREATE TABLE osprey_audit (
              seq BIGINT PRIMARY KEY,
              time TIMESTAMP WITH TIME ZONE NOT NULL,
              username VARCHAR(200) NOT NULL,
              source VARCHAR(200) NOT NULL,
              action VARCHAR(100) NOT NULL,
              target VARCHAR(500) NOT NULL,
              details VARCHAR(4000) NOT NULL,
              previous_hash VARCHAR(64) NOT NULL,
              hash VARCHAR(64) NOT NULL
            );
            CREATE INDEX osprey_audit_time ON osprey_audit (time);
            CREATE INDEX osprey_audit_username ON osprey_audit (username);
            CREATE TABLE osprey_audit_head (
              id INT PRIMARY KEY CHECK (id = 1),
              seq BIGINT NOT NULL,
              hash VARCHAR(64) NOT NULL
            );
            CREATE TABLE osprey_audit_anchor (
              id INT PRIMARY KEY CHECK (id = 1),
              seq BIGINT NOT NULL,
              hash VARCHAR(64) NOT NULL
            );
            """));

    private static final String COLUMNS = "seq, time, username, source, action, target, details";

    /** A position in the chain: an entry's sequence and hash. */
    record Link(long sequence, String hash) {
    }

    /** An entry as stored, with the hashes that chain it. */
    record StoredEntry(AuditEntry entry, String previousHash, String hash) {
    }

    /** The head and the retention anchor, read together; either may be absent. */
    record Ends(Link head, Link anchor) {
    }

    private final DatabaseService db;

    AuditStore(DatabaseService db) throws SQLException {
        this.db = db;
        db.migrate(OWNER, MIGRATIONS);
    }

    /**
     * Appends an entry after the newest one, in one transaction with the head. Callers serialise appends;
     * the primary key makes a second writer fail rather than fork the chain.
     */
    AuditEntry append(AuditEntry entry) throws SQLException {
        return db.inTransaction(c -> {
            Link last = last(c);
            AuditEntry stored = new AuditEntry(last.sequence() + 1, AuditHash.storedTime(entry.time()),
                    fit(entry.user(), MAX_USER), fit(entry.source(), MAX_SOURCE), fit(entry.action(), MAX_ACTION),
                    fit(entry.target(), MAX_TARGET), fit(entry.details(), MAX_DETAILS));
            String hash = AuditHash.of(last.hash(), stored);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO osprey_audit (" + COLUMNS
                    + ", previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setLong(1, stored.sequence());
                p.setObject(2, OffsetDateTime.ofInstant(stored.time(), ZoneOffset.UTC));
                p.setString(3, stored.user());
                p.setString(4, stored.source());
                p.setString(5, stored.action());
                p.setString(6, stored.target());
                p.setString(7, stored.details());
                p.setString(8, last.hash());
                p.setString(9, hash);
                p.executeUpdate();
            }
            setLink(c, "osprey_audit_head", new Link(stored.sequence(), hash));
            return stored;
        });
    }

    /**
     * What the next entry follows. Normally the head; if the head is missing or behind the table (both
     * only by tampering), the newest row, so recording goes on and verification reports the damage.
     */
    private Link last(Connection c) throws SQLException {
        Link head = link(c, "SELECT seq, hash FROM osprey_audit_head WHERE id = 1");
        Link newest = link(c, "SELECT seq, hash FROM osprey_audit ORDER BY seq DESC FETCH FIRST 1 ROW ONLY");
        if (head == null || newest != null && newest.sequence() > head.sequence()) {
            head = newest;
        }
        if (head == null) {
            head = link(c, "SELECT seq, hash FROM osprey_audit_anchor WHERE id = 1");
        }
        if (head == null || !AuditHash.isWellFormed(head.hash())) {
            return new Link(head == null ? 0 : head.sequence(), AuditHash.GENESIS);
        }
        return head;
    }

    Ends ends() throws SQLException {
        return db.withConnection(c -> new Ends(link(c, "SELECT seq, hash FROM osprey_audit_head WHERE id = 1"),
                link(c, "SELECT seq, hash FROM osprey_audit_anchor WHERE id = 1")));
    }

    /** Up to {@code size} entries with {@code after < seq <= upTo}, in sequence order. */
    List<StoredEntry> batch(long after, long upTo, int size) throws SQLException {
        return db.withConnection(c -> {
            List<StoredEntry> entries = new ArrayList<>(size);
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + ", previous_hash, hash FROM osprey_audit"
                    + " WHERE seq > ? AND seq <= ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                p.setLong(1, after);
                p.setLong(2, upTo);
                p.setInt(3, size);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        entries.add(new StoredEntry(entry(r), r.getString(8), r.getString(9)));
                    }
                }
            }
            return entries;
        });
    }

    /** Entries matching the query, newest first; only values are bound, the SQL text is fixed. */
    List<AuditEntry> query(AuditQuery query, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM osprey_audit WHERE TRUE");
        List<Object> values = new ArrayList<>();
        if (query.from() != null) {
            sql.append(" AND time >= ?");
            values.add(OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC));
        }
        if (query.to() != null) {
            sql.append(" AND time < ?");
            values.add(OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
        }
        if (query.user() != null) {
            sql.append(" AND username = ?");
            values.add(query.user());
        }
        if (query.action() != null) {
            sql.append(" AND action = ?");
            values.add(query.action());
        }
        sql.append(" ORDER BY time DESC, seq DESC FETCH FIRST ? ROWS ONLY");
        values.add(limit);
        return db.withConnection(c -> {
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.size(); i++) {
                    p.setObject(i + 1, values.get(i));
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        entries.add(entry(r));
                    }
                }
            }
            return entries;
        });
    }

    /**
     * Removes, in one transaction, up to {@code size} of the oldest entries that are all older than the
     * cut-off, and moves the anchor to the newest of them. Only a prefix of the chain goes: an old entry
     * recorded after a newer one waits for that one, since a hole in the middle would read as tampering.
     *
     * @return how many entries were removed
     */
    int purgeChunk(Instant cutoff, int size) throws SQLException {
        return db.inTransaction(c -> {
            Link newestRemoved = null;
            int count = 0;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT seq, time, hash FROM osprey_audit ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                p.setInt(1, size);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next() && r.getObject(2, OffsetDateTime.class).toInstant().isBefore(cutoff)) {
                        newestRemoved = new Link(r.getLong(1), r.getString(3));
                        count++;
                    }
                }
            }
            if (newestRemoved == null) {
                return 0;
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM osprey_audit WHERE seq <= ?")) {
                p.setLong(1, newestRemoved.sequence());
                p.executeUpdate();
            }
            setLink(c, "osprey_audit_anchor", newestRemoved);
            return count;
        });
    }

    /**
     * Text as stored: lone surrogates (which UTF-8 cannot encode, and so would hash alike) become U+FFFD,
     * and text over the column size is cut with an ellipsis rather than refused, since an entry that
     * cannot be recorded is worse than a shortened one.
     */
    static String fit(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max + 2));
        for (int i = 0; i < text.length() && b.length() <= max;) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            b.appendCodePoint(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? '\uFFFD' : cp);
        }
        if (b.length() > max) {
            int cut = max - 1;
            if (Character.isHighSurrogate(b.charAt(cut - 1))) {
                cut--;
            }
            b.setLength(cut);
            b.append('\u2026');
        }
        return b.toString();
    }

    private static AuditEntry entry(ResultSet r) throws SQLException {
        return new AuditEntry(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3),
                r.getString(4), r.getString(5), r.getString(6), r.getString(7));
    }

    private static Link link(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            return r.next() ? new Link(r.getLong(1), r.getString(2)) : null;
        }
    }

    /** {@code table} is one of our two constant names, never input. */
    private static void setLink(Connection c, String table, Link link) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "MERGE INTO " + table + " (id, seq, hash) KEY (id) VALUES (1, ?, ?)")) {
            p.setLong(1, link.sequence());
            p.setString(2, link.hash());
            p.executeUpdate();
        }
    }
}
