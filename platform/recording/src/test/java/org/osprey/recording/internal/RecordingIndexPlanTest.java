package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.storage.h2.internal.H2DatabaseService;
import org.osprey.storage.h2.internal.TestDatabases;

/**
 * The lookups that run per playback start, timeline, closed or deleted segment and room making must be answered
 * by walking an index in order, or their cost grows with every day a camera records: H2 otherwise reads and sorts all of a camera's
 * rows for the one it returns. Checked on H2's own query plan of the real schema.
 */
class RecordingIndexPlanTest {

    @TempDir
    Path dir;

    private H2DatabaseService database;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabases.inFolder(dir);
        new RecordingIndex(database).open();
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "RecordingIndex.KEYFRAME_AT_OR_BEFORE", "RecordingIndex.KEYFRAME_AFTER",
            "RecordingIndex.LAST_OF_TYPE_STARTED_BY", "RecordingIndex.OLDEST_UNLOCKED", "RecordingIndex.ENDED_BEFORE",
            "RecordingIndex.REACHING_BACK", "RecordedSpans.SPAN_STARTED_BY", "RecordedSpans.SPANS_STARTING_WITHIN",
            "RecordedSpans.OPEN_SEGMENTS", "RecordedSpans.CLOSED_STARTING_WITHIN" })
    void theLookupIsServedInIndexOrder(String query) throws Exception {
        String[] owner = query.split("\\.");
        String sql = (String) Class.forName(getClass().getPackageName() + "." + owner[0]).getDeclaredField(owner[1])
                .get(null);
        String plan = database.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
                int parameters = p.getParameterMetaData().getParameterCount();
                for (int i = 1; i <= parameters; i++) {
                    p.setObject(i, i == parameters && sql.endsWith("FETCH FIRST ? ROWS ONLY") ? 20 : "1");
                }
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getString(1);
                }
            }
        });
        assertThat(plan).as(plan).contains("/* index sorted */");
    }
}
