package org.osprey.storage.h2.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.storage.Migration;

class H2DatabaseServiceTest {

    @TempDir
    Path dir;

    private H2DatabaseService open() throws SQLException {
        return new H2DatabaseService("jdbc:h2:file:" + dir.resolve("db"), "osprey", "", 4);
    }

    private static final List<Migration> SCHEMA = List.of(
            new Migration(1, "items", "CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20));"),
            new Migration(2, "colour", "ALTER TABLE item ADD COLUMN colour VARCHAR(10);\nINSERT INTO item VALUES (1, 'a', 'red');"));

    private static int itemCount(H2DatabaseService db) throws SQLException {
        return db.withConnection(c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM item")) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    @Test
    void migrationsApplyOnceAndSurviveReopening() throws SQLException {
        H2DatabaseService db = open();
        assertThat(db.migrate("test.owner", SCHEMA)).isEqualTo(2);
        assertThat(db.migrate("test.owner", SCHEMA)).isEqualTo(2);
        db.close();

        H2DatabaseService reopened = open();
        assertThat(reopened.schemaVersion("test.owner")).isEqualTo(2);
        String colour = reopened.withConnection(c -> {
            try (ResultSet r = c.createStatement().executeQuery("SELECT colour FROM item WHERE id = 1")) {
                r.next();
                return r.getString(1);
            }
        });
        assertThat(colour).isEqualTo("red");
        reopened.close();
    }

    @Test
    void failedMigrationLeavesVersionAndDataUnchanged() throws SQLException {
        H2DatabaseService db = open();
        db.migrate("o", SCHEMA.subList(0, 1));
        List<Migration> broken = List.of(SCHEMA.get(0),
                new Migration(2, "broken", "INSERT INTO item VALUES (7, 'x');\nTHIS IS NOT SQL;"));
        assertThatThrownBy(() -> db.migrate("o", broken)).isInstanceOf(SQLException.class);
        assertThat(db.schemaVersion("o")).isEqualTo(1);
        assertThat(itemCount(db)).isZero();
        db.close();
    }

    @Test
    void gapsInMigrationVersionsAreRefused() throws SQLException {
        H2DatabaseService db = open();
        assertThatThrownBy(() -> db.migrate("o", List.of(new Migration(2, "x", "SELECT 1"))))
                .isInstanceOf(IllegalArgumentException.class);
        db.close();
    }

    @Test
    void transactionRollsBackOnFailure() throws SQLException {
        H2DatabaseService db = open();
        db.migrate("o", SCHEMA.subList(0, 1));
        assertThatThrownBy(() -> db.inTransaction(c -> {
            c.createStatement().execute("INSERT INTO item VALUES (5, 'kept?')");
            throw new SQLException("boom");
        })).hasMessage("boom");
        assertThat(itemCount(db)).isZero();
        db.close();
    }

    @Test
    void urlsThatRunCodeOrOpenServersAreRefused() {
        for (String url : List.of("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://127.0.0.1/x.sql'",
                "jdbc:h2:file:/tmp/x;AUTO_SERVER=TRUE", "jdbc:h2:tcp://127.0.0.1/x", "jdbc:postgresql://x")) {
            assertThatThrownBy(() -> H2DatabaseService.requireSafeUrl(url)).isInstanceOf(IllegalArgumentException.class);
        }
        H2DatabaseService.requireSafeUrl("jdbc:h2:file:/var/lib/osprey/db");
    }
}
