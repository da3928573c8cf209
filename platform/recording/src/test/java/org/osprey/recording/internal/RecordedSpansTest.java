package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osprey.api.recording.RecordingSpan;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.storage.DatabaseService;
import org.osprey.storage.h2.internal.H2DatabaseService;
import org.osprey.storage.h2.internal.TestDatabases;

/**
 * The timeline drawn from recorded spans against the timeline as it was drawn from every segment row, which this
 * test keeps as the reference ({@link SegmentTimeline}), on randomized indexes written through the calls recorders,
 * sync batches, recovery, reindex and retention make: segments of every type that touch, leave holes below and
 * above the contiguity tolerance or overlap by an audio packet, event files whose type reaches back over one or
 * more earlier files, open segments, deletions of the oldest and of single segments, segments a reindex finds
 * again, files reindexed as holding less. Queried at random and at every boundary, one microsecond either side included.
 *
 * <p>One shape is left out because the reference draws it wrong: a segment that ends inside the one before it of
 * its type (a file cut to nothing, or a clock set back). The reference looked for earlier segments only through the
 * last one of each type starting before the interval, and so lost the earlier one's end;
 * {@link #aSegmentEndingInsideTheOneBeforeItHidesNothing} shows what is drawn now.
 */
class RecordedSpansTest {

    private static final long SECOND = 1_000_000L;
    private static final long START = Micros.of(Instant.parse("2026-11-01T00:00:00Z"));
    private static final String CAMERA = "cam-1";
    private static final String OTHER_CAMERA = "cam-2";
    /** How far the audio of a file may reach past the keyframe that starts the next. */
    private static final long MAX_OVERHANG = 25_000;

    @TempDir
    Path dir;

    private Fixture fixture;
    private RecordingEngine engine;
    private RecordingIndex index;
    private String storageId;

    /** A segment as the generator wrote it. */
    private record Written(long id, String path, long start, long end, RecordingType type, long typeFrom) {
    }

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(dir);
        engine = fixture.engine();
        index = engine.index();
        storageId = engine.storage("main").id();
    }

    @AfterEach
    void tearDown() throws Exception {
        engine.deactivate();
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void drawsWhatTheSegmentRowsDrew(long seed) throws Exception {
        Random random = new Random(seed);
        List<Written> written = new ArrayList<>();
        long end = record(random, CAMERA, START, 400, written);
        record(random, OTHER_CAMERA, START, 50, new ArrayList<>());
        TreeSet<Long> instants = boundaries(written);
        compare(random, instants, end);

        // Retention takes the oldest closed segments, in batches as it does.
        List<Written> closed = new ArrayList<>();
        for (Written w : written) {
            if (!isOpen(w)) {
                closed.add(w);
            }
        }
        closed.sort(Comparator.comparingLong(Written::start));
        List<Written> oldest = closed.subList(0, 60);
        index.deleteSegments(oldest.subList(0, 25).stream().map(Written::id).toList());
        index.deleteSegments(oldest.subList(25, 60).stream().map(Written::id).toList());
        written.removeAll(List.copyOf(oldest));
        compare(random, instants, end);

        // Room making around a lock and a reindex that misses files take single segments from the middle.
        List<Written> missing = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Written gone = written.get(random.nextInt(written.size()));
            if (!isOpen(gone)) {
                index.deleteSegments(List.of(gone.id()));
                written.remove(gone);
                missing.add(gone);
            }
        }
        compare(random, instants, end);

        // A reindex finds some of them again, in any order, each filling the hole between two spans.
        Collections.shuffle(missing, random);
        for (Written found : missing.subList(0, missing.size() / 2)) {
            written.add(put(CAMERA, found.start(), found.end(), found.type(), found.typeFrom()));
        }
        compare(random, instants, end);

        // Reindexed files that hold less than the index had, still ending after any audio of the file before.
        for (int i = 0; i < 10; i++) {
            Written file = written.get(random.nextInt(written.size()));
            long newEnd = Math.max(file.start() + MAX_OVERHANG, file.end() - random.nextLong(2 * SECOND));
            if (!isOpen(file) && newEnd < file.end()) {
                put(CAMERA, file.start(), newEnd, file.type(), file.typeFrom());
                instants.add(newEnd);
            }
        }
        compare(random, instants, end);
        assertSpansAreRebuiltAsTheyAre(CAMERA);
        assertSpansAreRebuiltAsTheyAre(OTHER_CAMERA);
    }

    @Test
    void anOpenSegmentShowsUpToItsCommittedEndAndJoinsItsSpanWhenClosed() throws Exception {
        put(CAMERA, START, START + 60 * SECOND, RecordingType.CONTINUOUS, START);
        SegmentState open = open(CAMERA, START + 60 * SECOND, RecordingType.CONTINUOUS, START + 60 * SECOND);
        commit(open, START + 75 * SECOND, false);
        assertThat(spans(START, START + 120 * SECOND)).containsExactly(
                span(START, START + 75 * SECOND, RecordingType.CONTINUOUS));

        commit(open, START + 90 * SECOND, true);

        assertThat(spans(START, START + 120 * SECOND)).containsExactly(
                span(START, START + 90 * SECOND, RecordingType.CONTINUOUS));
        assertThat(storedSpans(CAMERA)).containsExactly(
                new RecordedSpans.Span(START, START + 90 * SECOND) + "/CONTINUOUS");
    }

    @Test
    void aSegmentEndingInsideTheOneBeforeItHidesNothing() throws Exception {
        put(CAMERA, START, START + 60 * SECOND + 20_000, RecordingType.MOTION, START);
        put(CAMERA, START + 60 * SECOND, START + 60 * SECOND, RecordingType.MOTION, START + 60 * SECOND);
        long from = START + 60 * SECOND + 10_000;

        assertThat(spans(from, from + SECOND)).containsExactly(
                span(from, START + 60 * SECOND + 20_000, RecordingType.MOTION));
        List<RecordingSpan> reference = fixture.database.withConnection(
                c -> SegmentTimeline.spans(c, CAMERA, from, from + SECOND));
        assertThat(reference).as("the reference").isEmpty();
    }

    @Test
    void theMigrationBuildsTheSpansOfTheSegmentsAnIndexHas() throws Exception {
        H2DatabaseService before = TestDatabases.inFolder(dir.resolve("before-spans"));
        try {
            before.migrate(RecordingIndex.OWNER, RecordingIndex.MIGRATIONS.subList(0, 2));
            before.inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO osprey_rec_segment (camera_id, device_id,"
                        + " storage_id, path, start_us, end_us, type, bytes, state, type_from_us)"
                        + " VALUES (?, 'dev', 's', ?, ?, ?, ?, 0, ?, ?)")) {
                    insertRow(p, START, 60, RecordingType.CONTINUOUS, RecordingIndex.CLOSED, null);
                    insertRow(p, START + 60 * SECOND, 10, RecordingType.MOTION, RecordingIndex.CLOSED,
                            START + 50 * SECOND);
                    insertRow(p, START + 70 * SECOND, 60, RecordingType.CONTINUOUS, RecordingIndex.CLOSED, null);
                    insertRow(p, START + 130 * SECOND, 5, RecordingType.CONTINUOUS, RecordingIndex.OPEN, null);
                }
                return null;
            });

            new RecordingIndex(before).open();

            assertThat(storedSpans(before, CAMERA)).containsExactly(
                    new RecordedSpans.Span(START, START + 60 * SECOND) + "/CONTINUOUS",
                    new RecordedSpans.Span(START + 70 * SECOND, START + 130 * SECOND) + "/CONTINUOUS",
                    new RecordedSpans.Span(START + 60 * SECOND, START + 70 * SECOND) + "/MOTION");
            long stale = before.withConnection(c -> count(c, "SELECT COUNT(*) FROM osprey_rec_span_stale"));
            assertThat(stale).isZero();
        } finally {
            before.close();
        }
    }

    private static void insertRow(PreparedStatement p, long start, int seconds, RecordingType type, String state,
            Long typeFrom) throws SQLException {
        p.setString(1, CAMERA);
        p.setString(2, start + "-" + type + ".mkv");
        p.setLong(3, start);
        p.setLong(4, start + seconds * SECOND);
        p.setString(5, type.name());
        p.setString(6, state);
        p.setObject(7, typeFrom);
        p.executeUpdate();
    }

    // ---- the generator ----

    /**
     * Writes about {@code count} segments of a camera from {@code from} on, as recorders, recovery and reindex
     * would, and leaves the last one open.
     *
     * @return the end of what was written
     */
    private long record(Random random, String camera, long from, int count, List<Written> written) throws Exception {
        RecordingType previous = null;
        long previousEnd = from;
        for (int i = 0; i < count; i++) {
            RecordingType type = nextType(random, previous);
            long start = switch (random.nextInt(20)) {
                case 0, 1 -> previousEnd + 1 + random.nextLong(999); // a hole below the contiguity tolerance
                case 2 -> previousEnd + 1000 + random.nextLong(2000); // a hole around it
                case 3 -> previousEnd + random.nextLong(60 * SECOND); // a gap
                default -> previousEnd; // touching
            };
            boolean last = i == count - 1;
            long length = random.nextInt(30) == 0 ? 0 : 1 + random.nextLong(60 * SECOND);
            if (i > 0 && !last && random.nextInt(10) == 0) {
                // An audio packet of the previous file reaching past the keyframe that starts this one.
                start = Math.max(previousEnd - random.nextLong(MAX_OVERHANG), written.get(written.size() - 1).start());
                length = Math.max(length, previousEnd - start + 1);
            }
            Written before = written.isEmpty() ? null : written.get(written.size() - 1);
            if (before != null && before.start() == start && before.type() == type) {
                // The same file name: a recorder never writes two files of one type from one instant.
                start++;
            }
            long end = start + length;
            long typeFrom = start;
            if (type != RecordingType.CONTINUOUS && start <= previousEnd + 1000 && random.nextInt(3) > 0) {
                // The first file of an event recording: its prebuffer lies in the files before it.
                typeFrom = Math.max(start - SegmentFiles.MAX_TYPE_REACH_MICROS,
                        start - 1 - random.nextLong(random.nextBoolean() ? 10 * SECOND : 120 * SECOND));
            }
            if (last) {
                SegmentState open = open(camera, start, type, typeFrom);
                if (length > 0) {
                    commit(open, end, false);
                }
                written.add(new Written(idOf(open), open.path, start, end, type, typeFrom));
            } else if (random.nextInt(8) == 0) {
                // Recorded through sync batches, or settled by recovery after a crash.
                SegmentState state = open(camera, start, type, typeFrom);
                commit(state, start + length / 2, false);
                if (random.nextBoolean()) {
                    commit(state, end, true);
                } else {
                    index.closeFromFile(index.segment(idOf(state)).orElseThrow(), end, 1000, List.of(start));
                }
                written.add(new Written(idOf(state), state.path, start, end, type, typeFrom));
            } else {
                written.add(put(camera, start, end, type, typeFrom));
            }
            previous = type;
            previousEnd = Math.max(previousEnd, end);
        }
        return previousEnd;
    }

    private static RecordingType nextType(Random random, RecordingType previous) {
        if (previous != null && previous != RecordingType.CONTINUOUS && random.nextInt(3) == 0) {
            return previous;
        }
        return switch (random.nextInt(7)) {
            case 0 -> RecordingType.MOTION;
            case 1 -> RecordingType.RULE;
            case 2 -> RecordingType.MANUAL;
            default -> RecordingType.CONTINUOUS;
        };
    }

    private Written put(String camera, long start, long end, RecordingType type, long typeFrom) throws SQLException {
        String path = SegmentFiles.relativePath(camera, start, type);
        SegmentProbe.Result file = new SegmentProbe.Result(Map.of(), start, List.of(start), end, 1, true);
        index.putFromFile(storageId, path, file, camera, camera, type, typeFrom, 1000, 1);
        long id = fixture.database.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM osprey_rec_segment WHERE path = ?")) {
                p.setString(1, path);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
        return new Written(id, path, start, end, type, typeFrom);
    }

    private SegmentState open(String camera, long start, RecordingType type, long typeFrom) throws SQLException {
        String path = SegmentFiles.relativePath(camera, start, type);
        SegmentState state = new SegmentState(camera, camera, storageId, path, fixture.root.resolve(path), start, type,
                typeFrom, List.of());
        index.insertOpen(state);
        return state;
    }

    private void commit(SegmentState state, long end, boolean closed) throws SQLException {
        if (closed) {
            state.closed(end, 1000, List.of());
        } else {
            state.flushed(end, 1000, List.of());
        }
        SegmentState.Snapshot snapshot = state.snapshot();
        state.segmentId = index.commit(List.of(snapshot)).get(0);
        state.committed(snapshot);
    }

    private long idOf(SegmentState state) throws SQLException {
        return fixture.database.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM osprey_rec_segment WHERE path = ?")) {
                p.setString(1, state.path);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    private boolean isOpen(Written w) throws SQLException {
        return index.segment(w.id()).orElseThrow().open();
    }

    private static TreeSet<Long> boundaries(List<Written> written) {
        TreeSet<Long> instants = new TreeSet<>();
        for (Written w : written) {
            for (long at : new long[] {w.start(), w.end(), w.typeFrom()}) {
                instants.add(at - 1);
                instants.add(at);
                instants.add(at + 1);
                instants.add(at + 500);
            }
        }
        return instants;
    }

    // ---- the comparison ----

    private void compare(Random random, TreeSet<Long> boundaries, long end) throws SQLException {
        List<Long> instants = new ArrayList<>(boundaries);
        long first = START - 10 * SECOND;
        long last = end + 10 * SECOND;
        assertSameTimeline(first, last);
        for (int i = 0; i < 400; i++) {
            long from = random.nextInt(3) == 0 ? first + random.nextLong(last - first)
                    : instants.get(random.nextInt(instants.size()));
            long to = random.nextInt(3) == 0 ? from + 1 + random.nextLong(last - from)
                    : instants.get(random.nextInt(instants.size()));
            if (to > from) {
                assertSameTimeline(from, to);
            }
        }
    }

    private void assertSameTimeline(long from, long to) throws SQLException {
        List<RecordingSpan> expected = fixture.database.withConnection(
                c -> SegmentTimeline.spans(c, CAMERA, from, to));
        assertThat(spans(from, to)).as("timeline of [%d, %d)", from, to).isEqualTo(expected);
    }

    private List<RecordingSpan> spans(long from, long to) {
        return engine.timeline(CAMERA, Micros.toInstant(from), Micros.toInstant(to)).spans();
    }

    private static RecordingSpan span(long from, long to, RecordingType type) {
        return new RecordingSpan(CAMERA, Micros.toInstant(from), Micros.toInstant(to), type);
    }

    private void assertSpansAreRebuiltAsTheyAre(String camera) throws SQLException {
        List<String> kept = storedSpans(camera);
        index.rebuildSpans(camera);
        assertThat(kept).as("spans of %s kept in step", camera).isEqualTo(storedSpans(camera));
    }

    private List<String> storedSpans(String camera) throws SQLException {
        return storedSpans(fixture.database, camera);
    }

    private static List<String> storedSpans(DatabaseService db, String camera) throws SQLException {
        return db.withConnection(c -> {
            List<String> spans = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT start_us, end_us, type FROM osprey_rec_span"
                    + " WHERE camera_id = ? ORDER BY type, start_us")) {
                p.setString(1, camera);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        spans.add(new RecordedSpans.Span(r.getLong(1), r.getLong(2)) + "/" + r.getString(3));
                    }
                }
            }
            return spans;
        });
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * The timeline's spans as they were computed before recorded spans existed, kept unchanged as the reference:
     * every segment overlapping the interval, event prebuffers retyped segment by segment, pieces of one type
     * merged when they touch within a millisecond, then clipped.
     */
    private static final class SegmentTimeline {

        private static final long CONTIGUOUS_MICROS = 1000;

        private record Row(long start, long end, RecordingType type, long typeFrom) {
        }

        private static final class Run {
            final RecordingType type;
            final long start;
            long end;

            Run(RecordingType type, long start, long end) {
                this.type = type;
                this.start = start;
                this.end = end;
            }
        }

        static List<RecordingSpan> spans(Connection c, String camera, long f, long t) throws SQLException {
            long lower = f;
            try (PreparedStatement p = c.prepareStatement("SELECT start_us, end_us FROM osprey_rec_segment"
                    + " WHERE camera_id = ? AND type = ? AND start_us <= ?"
                    + " ORDER BY camera_id DESC, type DESC, start_us DESC FETCH FIRST 1 ROW ONLY")) {
                for (RecordingType type : RecordingType.values()) {
                    p.setString(1, camera);
                    p.setString(2, type.name());
                    p.setLong(3, f);
                    try (ResultSet r = p.executeQuery()) {
                        if (r.next() && r.getLong(2) > f) {
                            lower = Math.min(lower, r.getLong(1));
                        }
                    }
                }
            }
            List<Row> rows = rows(c, "SELECT start_us, end_us, type, type_from_us FROM osprey_rec_segment"
                    + " WHERE camera_id = ? AND start_us >= ? AND start_us < ? AND end_us > ?"
                    + " ORDER BY camera_id, start_us", camera, lower, t, f);
            List<Row> reaching = rows(c, "SELECT start_us, end_us, type, type_from_us FROM osprey_rec_segment"
                    + " WHERE camera_id = ? AND type_from_us >= ? AND type_from_us < ? AND start_us > ?"
                    + " ORDER BY camera_id, type_from_us", camera, f - SegmentFiles.MAX_TYPE_REACH_MICROS, t, f);
            List<Run> pieces = retype(rows, reaching);
            pieces.sort(Comparator.comparingLong(r -> r.start));
            List<Run> runs = new ArrayList<>();
            Map<RecordingType, Run> last = new EnumMap<>(RecordingType.class);
            for (Run piece : pieces) {
                Run run = last.get(piece.type);
                if (run != null && piece.start <= run.end + CONTIGUOUS_MICROS) {
                    run.end = Math.max(run.end, piece.end);
                } else {
                    run = new Run(piece.type, piece.start, piece.end);
                    last.put(piece.type, run);
                    runs.add(run);
                }
            }
            List<RecordingSpan> spans = new ArrayList<>();
            for (Run run : runs) {
                long start = Math.max(run.start, f);
                long end = Math.min(run.end, t);
                if (end > start) {
                    spans.add(new RecordingSpan(camera, Micros.toInstant(start), Micros.toInstant(end), run.type));
                }
            }
            spans.sort(Comparator.comparing(RecordingSpan::start));
            return spans;
        }

        private static List<Row> rows(Connection c, String sql, String camera, long a, long b, long d)
                throws SQLException {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, camera);
                p.setLong(2, a);
                p.setLong(3, b);
                p.setLong(4, d);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long start = r.getLong(1);
                        long typeFrom = r.getLong(4);
                        rows.add(new Row(start, r.getLong(2), RecordingType.valueOf(r.getString(3)),
                                r.wasNull() ? start : typeFrom));
                    }
                }
            }
            return rows;
        }

        private static List<Run> retype(List<Row> rows, List<Row> reaching) {
            List<Run> pieces = new ArrayList<>();
            int firstReach = 0;
            for (Row row : rows) {
                if (row.type() != RecordingType.CONTINUOUS) {
                    pieces.add(new Run(row.type(), row.start(), row.end()));
                    continue;
                }
                while (firstReach < reaching.size()
                        && reaching.get(firstReach).typeFrom() < row.start() - SegmentFiles.MAX_TYPE_REACH_MICROS) {
                    firstReach++;
                }
                List<Run> local = null;
                for (int i = firstReach; i < reaching.size(); i++) {
                    Row reach = reaching.get(i);
                    if (reach.typeFrom() >= row.end()) {
                        break;
                    }
                    if (reach.start() <= row.start()) {
                        continue;
                    }
                    if (local == null) {
                        local = new ArrayList<>(List.of(new Run(row.type(), row.start(), row.end())));
                    }
                    local = retype(local, reach.typeFrom(), reach.start(), reach.type());
                }
                if (local == null) {
                    pieces.add(new Run(row.type(), row.start(), row.end()));
                } else {
                    pieces.addAll(local);
                }
            }
            return pieces;
        }

        private static List<Run> retype(List<Run> pieces, long from, long to, RecordingType type) {
            List<Run> result = new ArrayList<>(pieces.size() + 2);
            for (Run piece : pieces) {
                if (piece.type != RecordingType.CONTINUOUS || piece.end <= from || piece.start >= to) {
                    result.add(piece);
                    continue;
                }
                if (piece.start < from) {
                    result.add(new Run(piece.type, piece.start, from));
                }
                result.add(new Run(type, Math.max(piece.start, from), Math.min(piece.end, to)));
                if (piece.end > to) {
                    result.add(new Run(piece.type, to, piece.end));
                }
            }
            return result;
        }
    }
}
