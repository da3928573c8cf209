package org.osprey.recording.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osprey.api.recording.RecordingType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorded time of each camera per recording type, as the timeline reads it: the closed segments of one
 * camera and type merged into spans, kept in step with the segment rows in the transactions that change them.
 * A month of a camera is a few thousand spans against tens of thousands of segments, so the timeline costs
 * what it draws, not what the segment length makes of it.
 *
 * <p>The spans of a camera and type are the connected parts of its closed segments taken as closed intervals:
 * segments that overlap or touch share a span, and spans never overlap or touch each other. The timeline's
 * contiguity rule, its prebuffer retyping and its clipping to the asked interval stay where they were, applied
 * to spans instead of segments; since spans neither bridge a hole nor split a stretch the segments cover, that
 * draws the same timeline. Open segments are not in here: their end moves with every sync, and the timeline
 * reads those few from the segment rows.
 *
 * <p>Every method runs in the caller's transaction; those that write must hold the index's span lock, since
 * each writes what it computed from the spans it read.
 */
final class RecordedSpans {

    // The lookups that run per timeline, per closed segment and per deleted segment (RecordingIndexPlanTest). The
    // per-type lookup forces its index: H2 would rather take the covering one and read the camera's spans.
    static final String SPAN_STARTED_BY = "SELECT start_us, end_us FROM osprey_rec_span"
            + " USE INDEX (osprey_rec_span_camera_type) WHERE camera_id = ? AND type = ? AND start_us <= ?"
            + " ORDER BY camera_id DESC, type DESC, start_us DESC FETCH FIRST 1 ROW ONLY";
    static final String SPANS_STARTING_WITHIN = "SELECT start_us, end_us, type FROM osprey_rec_span"
            + " WHERE camera_id = ? AND start_us >= ? AND start_us < ? AND end_us > ? ORDER BY camera_id, start_us";
    static final String OPEN_SEGMENTS = "SELECT start_us, end_us, type FROM osprey_rec_segment"
            + " WHERE state = ? AND camera_id = ? AND start_us < ? AND end_us > ? ORDER BY state, camera_id, start_us";
    static final String CLOSED_STARTING_WITHIN = "SELECT start_us, end_us FROM osprey_rec_segment"
            + " WHERE camera_id = ? AND type = ? AND start_us >= ? AND start_us <= ? AND state = ?"
            + " ORDER BY camera_id, type, start_us";

    private static final String INSERT = "INSERT INTO osprey_rec_span (camera_id, type, start_us, end_us)"
            + " VALUES (?, ?, ?, ?)";
    private static final RecordingType[] TYPES = RecordingType.values();

    /** One stretch of one type. */
    record Span(long startMicros, long endMicros) {
    }

    private final Logger logger = LoggerFactory.getLogger(RecordedSpans.class);

    /**
     * What the timeline draws from in {@code [from, to)}: the spans and the open segments that overlap it,
     * ordered by start.
     */
    static List<RecordingIndex.SpanRow> overlapping(Connection c, String cameraId, long from, long to)
            throws SQLException {
        List<RecordingIndex.SpanRow> rows = new ArrayList<>();
        // Open segments first: one that closes meanwhile is then in the spans read next, never in neither.
        try (PreparedStatement p = c.prepareStatement(OPEN_SEGMENTS)) {
            p.setString(1, RecordingIndex.OPEN);
            p.setString(2, cameraId);
            p.setLong(3, to);
            p.setLong(4, from);
            read(p, rows);
        }
        try (PreparedStatement p = c.prepareStatement(SPANS_STARTING_WITHIN)) {
            p.setString(1, cameraId);
            p.setLong(2, earliestStart(c, cameraId, from));
            p.setLong(3, to);
            p.setLong(4, from);
            read(p, rows);
        }
        rows.sort(Comparator.comparingLong(RecordingIndex.SpanRow::startMicros));
        return rows;
    }

    /**
     * The earliest start a span overlapping {@code from} can have. Spans of one type never overlap, so per type
     * only the last one starting at or before {@code from} can reach into the interval.
     */
    private static long earliestStart(Connection c, String cameraId, long from) throws SQLException {
        long earliest = from;
        for (RecordingType type : TYPES) {
            Span span = startedBy(c, cameraId, type, from);
            if (span != null && span.endMicros() > from) {
                earliest = Math.min(earliest, span.startMicros());
            }
        }
        return earliest;
    }

    private static void read(PreparedStatement p, List<RecordingIndex.SpanRow> rows) throws SQLException {
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                rows.add(new RecordingIndex.SpanRow(r.getLong(1), r.getLong(2), RecordingType.valueOf(r.getString(3))));
            }
        }
    }

    /**
     * A closed segment {@code [start, end]} joins the spans of its camera and type. Usually it continues the span
     * its predecessor ended, which costs one lookup and one update.
     */
    void add(Connection c, String cameraId, RecordingType type, long start, long end) throws SQLException {
        List<Span> joined = new ArrayList<>();
        long from = start;
        long to = end;
        // Walking back from the segment's end: spans are disjoint, so once one starts at or before the segment, or
        // ends before it, no earlier one reaches it.
        Span span = startedBy(c, cameraId, type, end);
        while (span != null && span.endMicros() >= start) {
            joined.add(span);
            from = Math.min(from, span.startMicros());
            to = Math.max(to, span.endMicros());
            span = span.startMicros() > start ? startedBy(c, cameraId, type, span.startMicros() - 1) : null;
        }
        if (joined.size() == 1 && joined.get(0).startMicros() == from) {
            if (joined.get(0).endMicros() < to) {
                extend(c, cameraId, type, from, to);
            }
            return;
        }
        replace(c, cameraId, type, joined, List.of(new Span(from, to)));
    }

    private static void extend(Connection c, String cameraId, RecordingType type, long start, long end)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE osprey_rec_span SET end_us = ? WHERE camera_id = ? AND type = ? AND start_us = ?")) {
            p.setLong(1, end);
            p.setString(2, cameraId);
            p.setString(3, type.name());
            p.setLong(4, start);
            p.executeUpdate();
        }
    }

    /**
     * A closed segment {@code [start, end]} has left the segment rows: its span keeps what the remaining segments
     * cover. Every instant of the span outside the segment is covered by another segment, so only the segments
     * starting within it are read, and those of the span that start before it for their furthest end; segments
     * are deleted oldest first, so that is rarely more than none.
     */
    void remove(Connection c, String cameraId, RecordingType type, long start, long end) throws SQLException {
        Span span = startedBy(c, cameraId, type, start);
        if (span == null || span.endMicros() < end) {
            rebuildOutOfStep(c, cameraId);
            return;
        }
        List<Span> parts = new ArrayList<>();
        if (span.startMicros() < start) {
            List<Span> earlier = closedStartingWithin(c, cameraId, type, span.startMicros(), start - 1);
            if (earlier.isEmpty()) {
                rebuildOutOfStep(c, cameraId);
                return;
            }
            parts.add(new Span(span.startMicros(), earlier.stream().mapToLong(Span::endMicros).max().orElseThrow()));
        }
        parts.addAll(closedStartingWithin(c, cameraId, type, start, end));
        if (span.endMicros() > end) {
            // Some other segment covers the instants right after the removed one and so reaches back to its end.
            parts.add(new Span(end, span.endMicros()));
        }
        replace(c, cameraId, type, List.of(span), connected(parts));
    }

    private void rebuildOutOfStep(Connection c, String cameraId) throws SQLException {
        logger.warn("The recorded spans of camera {} were out of step with its segments; rebuilding them", cameraId);
        rebuild(c, cameraId);
    }

    /** The closed segments of a camera and type that start in {@code [from, to]}, ordered by start. */
    private static List<Span> closedStartingWithin(Connection c, String cameraId, RecordingType type, long from,
            long to) throws SQLException {
        List<Span> segments = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(CLOSED_STARTING_WITHIN)) {
            p.setString(1, cameraId);
            p.setString(2, type.name());
            p.setLong(3, from);
            p.setLong(4, to);
            p.setString(5, RecordingIndex.CLOSED);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    segments.add(new Span(r.getLong(1), r.getLong(2)));
                }
            }
        }
        return segments;
    }

    /** Sets the spans of a camera to what its closed segments cover. */
    void rebuild(Connection c, String cameraId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM osprey_rec_span WHERE camera_id = ?")) {
            p.setString(1, cameraId);
            p.executeUpdate();
        }
        try (PreparedStatement select = c.prepareStatement("SELECT type, start_us, end_us FROM osprey_rec_segment"
                + " WHERE camera_id = ? AND state = ? ORDER BY camera_id, type, start_us");
                PreparedStatement insert = c.prepareStatement(INSERT)) {
            select.setString(1, cameraId);
            select.setString(2, RecordingIndex.CLOSED);
            String type = null;
            List<Span> segments = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    if (!r.getString(1).equals(type)) {
                        addInserts(insert, cameraId, type, connected(segments));
                        type = r.getString(1);
                        segments.clear();
                    }
                    segments.add(new Span(r.getLong(2), r.getLong(3)));
                }
            }
            addInserts(insert, cameraId, type, connected(segments));
            insert.executeBatch();
        }
    }

    /** The connected parts of closed intervals. */
    private static List<Span> connected(List<Span> ordered) {
        List<Span> sorted = new ArrayList<>(ordered);
        sorted.sort(Comparator.comparingLong(Span::startMicros));
        List<Span> parts = new ArrayList<>();
        Span current = null;
        for (Span next : sorted) {
            if (current != null && next.startMicros() <= current.endMicros()) {
                current = new Span(current.startMicros(), Math.max(current.endMicros(), next.endMicros()));
            } else {
                if (current != null) {
                    parts.add(current);
                }
                current = next;
            }
        }
        if (current != null) {
            parts.add(current);
        }
        return parts;
    }

    private static Span startedBy(Connection c, String cameraId, RecordingType type, long at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(SPAN_STARTED_BY)) {
            p.setString(1, cameraId);
            p.setString(2, type.name());
            p.setLong(3, at);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? new Span(r.getLong(1), r.getLong(2)) : null;
            }
        }
    }

    private static void replace(Connection c, String cameraId, RecordingType type, List<Span> old,
            List<Span> replacement) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "DELETE FROM osprey_rec_span WHERE camera_id = ? AND type = ? AND start_us = ?")) {
            for (Span span : old) {
                p.setString(1, cameraId);
                p.setString(2, type.name());
                p.setLong(3, span.startMicros());
                p.addBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            addInserts(p, cameraId, type.name(), replacement);
            p.executeBatch();
        }
    }

    private static void addInserts(PreparedStatement insert, String cameraId, String type, List<Span> spans)
            throws SQLException {
        for (Span span : spans) {
            insert.setString(1, cameraId);
            insert.setString(2, type);
            insert.setLong(3, span.startMicros());
            insert.setLong(4, span.endMicros());
            insert.addBatch();
        }
    }
}
