package org.osprey.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osprey.sdk.test.TestSchedulers;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditQuery;
import org.osprey.api.security.AuditVerification;
import org.osprey.storage.h2.internal.H2DatabaseService;
import org.osprey.storage.h2.internal.TestDatabases;

/** The audit trail on a real H2 file database, tampered with through plain SQL as an intruder would. */
class AuditLogImplTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private TestSchedulers schedulers;
    private H2DatabaseService database;
    private AuditLogImpl audit;

    @BeforeEach
    void setUp() throws Exception {
        schedulers = new TestSchedulers();
        database = openDatabase();
        audit = newAuditLog(365);
    }

    private H2DatabaseService openDatabase() throws Exception {
        return TestDatabases.inFolder(dir);
    }

    private AuditLogImpl newAuditLog(int retentionDays) throws SQLException {
        return new AuditLogImpl(database, schedulers, new AuditLogImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AuditLogImpl.Config.class;
            }

            @Override
            public int retentionDays() {
                return retentionDays;
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        audit.deactivate();
        database.close();
        schedulers.close();
    }

    private AuditEntry record(Instant time, String user, String action, String target, String details) {
        return audit.record(new AuditEntry(0, time, user, "10.0.0.5", action, target, details));
    }

    /** Records {@code count} entries a minute apart from {@link #T0}. */
    private void recordMany(int count) {
        for (int i = 0; i < count; i++) {
            record(T0.plus(Duration.ofMinutes(i)), "admin", AuditActions.CONFIGURATION, "device-" + i, "change " + i);
        }
    }

    private void sql(String statement, Object... values) throws SQLException {
        database.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement(statement)) {
                for (int i = 0; i < values.length; i++) {
                    p.setObject(i + 1, values[i]);
                }
                return p.executeUpdate();
            }
        });
    }

    private static AuditQuery all(int limit) {
        return new AuditQuery(null, null, null, null, limit);
    }

    @Test
    void entriesAreNumberedAndFoundByEachFilterNewestFirst() {
        AuditEntry first = record(T0, "alice", AuditActions.LOGIN, "", "");
        record(T0.plusSeconds(60), "bob", AuditActions.LOGIN_FAILED, "", "wrong password");
        record(T0.plusSeconds(120), "alice", AuditActions.CONFIGURATION, "device-1", "renamed to Gate");
        AuditEntry last = record(T0.plusSeconds(180), "", AuditActions.EXPORT, "device-1", "by a rule");

        assertThat(first.sequence()).isEqualTo(1);
        assertThat(last.sequence()).isEqualTo(4);
        assertThat(audit.query(all(100))).extracting(AuditEntry::sequence).containsExactly(4L, 3L, 2L, 1L);
        assertThat(audit.query(all(100)).get(1)).isEqualTo(new AuditEntry(3, T0.plusSeconds(120), "alice",
                "10.0.0.5", AuditActions.CONFIGURATION, "device-1", "renamed to Gate"));

        assertThat(audit.query(new AuditQuery(null, null, "alice", null, 100)))
                .extracting(AuditEntry::sequence).containsExactly(3L, 1L);
        assertThat(audit.query(new AuditQuery(null, null, "", null, 100)))
                .extracting(AuditEntry::sequence).containsExactly(4L);
        assertThat(audit.query(new AuditQuery(null, null, null, AuditActions.LOGIN_FAILED, 100)))
                .extracting(AuditEntry::details).containsExactly("wrong password");
        assertThat(audit.query(new AuditQuery(T0.plusSeconds(60), null, null, null, 100)))
                .extracting(AuditEntry::sequence).containsExactly(4L, 3L, 2L);
        assertThat(audit.query(new AuditQuery(null, T0.plusSeconds(120), null, null, 100)))
                .as("the end is exclusive").extracting(AuditEntry::sequence).containsExactly(2L, 1L);
        assertThat(audit.query(new AuditQuery(T0.plusSeconds(60), T0.plusSeconds(180), "alice",
                AuditActions.CONFIGURATION, 100))).extracting(AuditEntry::sequence).containsExactly(3L);
        assertThat(audit.query(all(2))).extracting(AuditEntry::sequence).containsExactly(4L, 3L);
    }

    @Test
    void limitsAreClampedToOneAndTenThousand() {
        recordMany(3);
        assertThat(audit.query(all(0))).hasSize(1);
        assertThat(audit.query(all(-5))).hasSize(1);
        assertThat(audit.query(all(Integer.MAX_VALUE))).hasSize(3);
    }

    @Test
    void timesKeepMicrosecondsAndTheNumberingGoesOnAfterARestart() throws Exception {
        Instant precise = Instant.parse("2026-03-01T08:00:00.123456789Z");
        AuditEntry stored = record(precise, "alice", AuditActions.LOGIN, "", "");
        assertThat(stored.time()).isEqualTo(Instant.parse("2026-03-01T08:00:00.123456Z"));
        audit.deactivate();

        audit = newAuditLog(365);
        assertThat(audit.query(all(1)).get(0).time()).isEqualTo(stored.time());
        assertThat(record(T0, "bob", AuditActions.LOGOUT, "", "").sequence()).isEqualTo(2);
        assertThat(audit.verify()).isEqualTo(new AuditVerification(true, 2, 0, "2 entries intact"));
    }

    @Test
    void anUntouchedTrailIsIntact() {
        assertThat(audit.verify().intact()).isTrue();
        assertThat(audit.verify().entriesChecked()).isZero();

        // More than one verification batch, so the walk crosses batch boundaries.
        recordMany(AuditLogImpl.VERIFY_BATCH * 2 + 7);
        AuditVerification result = audit.verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(AuditLogImpl.VERIFY_BATCH * 2 + 7);
        assertThat(result.firstBrokenSequence()).isZero();
    }

    @Test
    void anEditedEntryIsReportedAtItsSequence() throws Exception {
        recordMany(30);
        sql("UPDATE osprey_audit SET details = ? WHERE seq = 17", "nothing happened");

        AuditVerification result = audit.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(17);
        assertThat(result.message()).isEqualTo("entry 17 was changed");
        assertThat(result.entriesChecked()).isEqualTo(17);
    }

    @Test
    void anEditedTimeIsReportedToo() throws Exception {
        recordMany(5);
        sql("UPDATE osprey_audit SET time = DATEADD(SECOND, 1, time) WHERE seq = 2");
        assertThat(audit.verify().firstBrokenSequence()).isEqualTo(2);
    }

    @Test
    void anEntryRewrittenWithAFreshHashIsCaughtByItsSuccessor() throws Exception {
        recordMany(10);
        AuditEntry original = audit.query(new AuditQuery(null, null, null, null, 10)).get(10 - 4);
        AuditEntry forged = new AuditEntry(4, original.time(), "someone-else", original.source(), original.action(),
                original.target(), original.details());
        String previous = database.withConnection(c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT hash FROM osprey_audit WHERE seq = 3")) {
                r.next();
                return r.getString(1);
            }
        });
        sql("UPDATE osprey_audit SET username = ?, hash = ? WHERE seq = 4", forged.user(),
                AuditHash.of(previous, forged));

        AuditVerification result = audit.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(4);
        assertThat(result.message()).startsWith("entry 4 was changed");
    }

    @Test
    void deletedMiddleEntriesAreReportedAtTheEntryAfterTheGap() throws Exception {
        recordMany(12);
        sql("DELETE FROM osprey_audit WHERE seq BETWEEN 5 AND 9");

        AuditVerification result = audit.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(10);
        assertThat(result.message()).isEqualTo("entries 5 to 9 are missing");
    }

    @Test
    void oneDeletedEntryIsNamed() throws Exception {
        recordMany(3);
        sql("DELETE FROM osprey_audit WHERE seq = 1");

        AuditVerification result = audit.verify();
        assertThat(result.firstBrokenSequence()).isEqualTo(2);
        assertThat(result.message()).isEqualTo("entry 1 is missing");
    }

    @Test
    void deletingTheNewestEntriesIsReported() throws Exception {
        recordMany(8);
        sql("DELETE FROM osprey_audit WHERE seq = 8");

        AuditVerification result = audit.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSequence()).isEqualTo(8);
        assertThat(result.message()).startsWith("the newest entries were deleted").contains("entry 8 is missing");
        assertThat(result.entriesChecked()).isEqualTo(7);

        sql("DELETE FROM osprey_audit WHERE seq >= 6");
        assertThat(audit.verify().message()).isEqualTo("the newest entries were deleted: entries 6 to 8 are missing");
    }

    @Test
    void deletingEveryEntryIsReported() throws Exception {
        recordMany(4);
        sql("DELETE FROM osprey_audit");
        AuditVerification result = audit.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.message()).isEqualTo("the newest entries were deleted: entries 1 to 4 are missing");
    }

    @Test
    void aMissingHeadIsReportedAndRecordingGoesOn() throws Exception {
        recordMany(4);
        sql("DELETE FROM osprey_audit_head");
        assertThat(audit.verify().message()).isEqualTo("the record of the newest entry is missing");

        assertThat(record(T0, "admin", AuditActions.LOGOUT, "", "").sequence()).isEqualTo(5);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void pruningKeepsTheRemainingChainVerifiable() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < 25; i++) {
            record(now.minus(Duration.ofDays(400 - i)), "admin", AuditActions.CONFIGURATION, "old-" + i, "");
        }
        for (int i = 0; i < 5; i++) {
            record(now.minus(Duration.ofDays(10 - i)), "admin", AuditActions.CONFIGURATION, "new-" + i, "");
        }

        assertThat(audit.purge(now.minus(Duration.ofDays(365)))).isEqualTo(25);
        assertThat(audit.query(all(100))).hasSize(5).extracting(AuditEntry::target).allMatch(t -> t.startsWith("new-"));
        AuditVerification result = audit.verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(5);
        assertThat(result.message()).contains("entries up to 25 were removed by retention");

        record(now, "admin", AuditActions.LOGOUT, "", "");
        assertThat(audit.verify().entriesChecked()).isEqualTo(6);

        // Tampering with the first entry after the anchor still shows.
        sql("UPDATE osprey_audit SET target = 'x' WHERE seq = 26");
        assertThat(audit.verify().firstBrokenSequence()).isEqualTo(26);
        sql("UPDATE osprey_audit SET target = 'new-0' WHERE seq = 26");
        sql("DELETE FROM osprey_audit WHERE seq = 26");
        assertThat(audit.verify().message()).isEqualTo("entry 26 is missing");
    }

    @Test
    void pruningEverythingAndRecordingAgainStaysIntact() throws Exception {
        recordMany(AuditLogImpl.PURGE_BATCH + 3);
        assertThat(audit.purge(T0.plus(Duration.ofDays(30)))).isEqualTo(AuditLogImpl.PURGE_BATCH + 3);
        assertThat(audit.verify()).extracting(AuditVerification::intact, AuditVerification::entriesChecked)
                .containsExactly(true, 0L);

        AuditEntry next = record(Instant.now(), "admin", AuditActions.LOGIN, "", "");
        assertThat(next.sequence()).isEqualTo(AuditLogImpl.PURGE_BATCH + 4);
        assertThat(audit.verify()).extracting(AuditVerification::intact, AuditVerification::entriesChecked)
                .containsExactly(true, 1L);
    }

    @Test
    void pruningRemovesOnlyTheOldEndOfTheChain() throws Exception {
        record(T0, "a", AuditActions.LOGIN, "", "");
        record(T0.plus(Duration.ofDays(30)), "b", AuditActions.LOGIN, "", "");
        // Recorded later with an earlier time: removing it alone would leave a hole in the chain.
        record(T0.plus(Duration.ofDays(1)), "c", AuditActions.LOGIN, "", "");

        assertThat(audit.purge(T0.plus(Duration.ofDays(10)))).isEqualTo(1);
        assertThat(audit.query(all(10))).extracting(AuditEntry::user).containsExactly("b", "c");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void entriesFromManyThreadsFormOneGapFreeChain() throws Exception {
        int threads = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<Long>>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String user = "user-" + t;
                work.add(() -> {
                    List<Long> sequences = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        sequences.add(record(Instant.now(), user, AuditActions.LIVE_STREAM, "camera", "" + i)
                                .sequence());
                    }
                    return sequences;
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : pool.invokeAll(work)) {
                all.addAll(f.get());
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, threads * each).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        AuditVerification result = audit.verify();
        assertThat(result.intact()).isTrue();
        assertThat(result.entriesChecked()).isEqualTo(threads * each);
    }

    @Test
    void sqlInjectionTextIsStoredVerbatimAndHarmless() throws Exception {
        String user = "admin' OR '1'='1";
        String target = "x'); DROP TABLE osprey_audit; --";
        String details = "\"; DELETE FROM osprey_audit_head; /* \\ */ \u0000 \u001b[2J \u202e \uD83D\uDE00";
        record(T0, "bob", AuditActions.LOGIN, "", "");
        AuditEntry stored = record(T0, user, AuditActions.LOGIN_FAILED, target, details);

        assertThat(stored.user()).isEqualTo(user);
        assertThat(audit.query(new AuditQuery(null, null, user, null, 10))).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo(target);
            assertThat(e.details()).isEqualTo(details);
        });
        assertThat(audit.query(new AuditQuery(null, null, "' OR 1=1 --", null, 10))).isEmpty();
        assertThat(audit.query(all(10))).hasSize(2);
        assertThat(audit.verify()).isEqualTo(new AuditVerification(true, 2, 0, "2 entries intact"));
    }

    @Test
    void overLongTextIsShortenedNotRefused() {
        String longDetails = "\uD83D\uDE00".repeat(AuditStore.MAX_DETAILS);
        AuditEntry stored = audit.record(new AuditEntry(0, T0, "u".repeat(1000), "s".repeat(1000),
                "a".repeat(1000), "t".repeat(1000), longDetails));

        assertThat(stored.user()).hasSize(AuditStore.MAX_USER).endsWith("\u2026");
        assertThat(stored.source()).hasSize(AuditStore.MAX_SOURCE);
        assertThat(stored.action()).hasSize(AuditStore.MAX_ACTION);
        assertThat(stored.target()).hasSize(AuditStore.MAX_TARGET);
        assertThat(stored.details()).hasSizeLessThanOrEqualTo(AuditStore.MAX_DETAILS).endsWith("\uD83D\uDE00\u2026");
        assertThat(audit.query(all(1))).containsExactly(stored);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void loneSurrogatesAreReplacedSoTheEncodingStaysUnambiguous() {
        assertThat(AuditStore.fit("a\uD800b", 10)).isEqualTo("a\uFFFDb");
        assertThat(AuditStore.fit("abc", 3)).isEqualTo("abc");
        assertThat(AuditStore.fit("abcd", 3)).isEqualTo("ab\u2026");
    }

    @Test
    void fieldBoundariesArePartOfTheHash() {
        assertThat(AuditHash.of(AuditHash.GENESIS, new AuditEntry(1, T0, "ab", "", "c", "", "")))
                .isNotEqualTo(AuditHash.of(AuditHash.GENESIS, new AuditEntry(1, T0, "a", "b", "c", "", "")))
                .hasSize(64);
    }

    @Test
    void retentionZeroKeepsEverythingAndSchedulesNothing() throws Exception {
        audit.deactivate();
        audit = newAuditLog(0);
        ScheduledThreadPoolExecutor io = (ScheduledThreadPoolExecutor) schedulers.ioScheduler();
        assertThat(io.getQueue()).isEmpty();

        audit.deactivate();
        audit = newAuditLog(30);
        assertThat(io.getQueue()).hasSize(1);
        audit.deactivate();
        assertThat(io.getQueue()).isEmpty();
    }

    @Test
    void theSchemaHasTheIndexesQueriesNeed() throws Exception {
        List<String> indexed = database.withConnection(c -> {
            List<String> columns = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT c.COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS c WHERE c.TABLE_NAME = 'OSPREY_AUDIT'")) {
                while (r.next()) {
                    columns.add(r.getString(1));
                }
            }
            return columns;
        });
        assertThat(indexed).contains("TIME", "USERNAME");
    }
}
