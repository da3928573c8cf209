package org.osprey.core.internal.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import org.osprey.api.schedule.Schedule;
import org.osprey.api.schedule.ScheduleException;
import org.osprey.api.schedule.TimeSlot;
import org.osprey.api.schedule.WeeklySlot;
import org.osprey.api.storage.DatabaseService;
import org.osprey.api.storage.Migration;

/** Schedules in the server database; slots and exceptions as one JSON document per schedule. */
final class ScheduleStore {

    static final String OWNER = "org.osprey.core.schedule";

    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "schedule table", """
            CREATE TABLE osprey_schedule (
              id VARCHAR(64) PRIMARY KEY,
              name VARCHAR(200) NOT NULL,
              name_key VARCHAR(200) GENERATED ALWAYS AS (LOWER(name)) UNIQUE,
              slots CHARACTER LARGE OBJECT NOT NULL,
              created TIMESTAMP WITH TIME ZONE NOT NULL,
              updated TIMESTAMP WITH TIME ZONE NOT NULL
            );
            """));

    /** The stored form: plain strings, so the document needs no date support from the JSON library. */
    record StoredSlots(List<StoredWeekly> week, List<StoredException> exceptions) {
    }

    record StoredWeekly(String day, String from, String to) {
    }

    record StoredException(String firstDay, String lastDay, List<StoredSlot> slots) {
    }

    record StoredSlot(String from, String to) {
    }

    private final DatabaseService db;
    private final ObjectMapper json = new ObjectMapper();

    ScheduleStore(DatabaseService db) throws SQLException {
        this.db = db;
        db.migrate(OWNER, MIGRATIONS);
    }

    List<Schedule> loadAll() throws SQLException {
        return db.withConnection(c -> {
            List<Schedule> schedules = new java.util.ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, name, slots FROM osprey_schedule ORDER BY name");
                    ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    schedules.add(read(r.getString(1), r.getString(2), r.getString(3)));
                }
            }
            return schedules;
        });
    }

    void insert(Schedule schedule) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO osprey_schedule (id, name, slots, created, "
                    + "updated) VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                p.setString(1, schedule.id());
                p.setString(2, schedule.name());
                p.setString(3, write(schedule));
                p.executeUpdate();
            }
            return null;
        });
    }

    void update(Schedule schedule) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE osprey_schedule SET name = ?, slots = ?, updated = CURRENT_TIMESTAMP WHERE id = ?")) {
                p.setString(1, schedule.name());
                p.setString(2, write(schedule));
                p.setString(3, schedule.id());
                if (p.executeUpdate() != 1) {
                    throw new SQLException("schedule " + schedule.id() + " vanished from the database");
                }
            }
            return null;
        });
    }

    void delete(String id) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM osprey_schedule WHERE id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    private String write(Schedule schedule) throws SQLException {
        StoredSlots stored = new StoredSlots(
                schedule.week().stream().map(s -> new StoredWeekly(s.day().name(), s.from(), s.to())).toList(),
                schedule.exceptions().stream().map(e -> new StoredException(e.firstDay().toString(),
                        e.lastDay().toString(), e.slots().stream().map(s -> new StoredSlot(s.from(), s.to())).toList()))
                        .toList());
        try {
            return json.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new SQLException("schedule cannot be stored as JSON", e);
        }
    }

    private Schedule read(String id, String name, String text) throws SQLException {
        try {
            StoredSlots stored = json.readValue(text, StoredSlots.class);
            return new Schedule(id, name,
                    stored.week().stream().map(s -> new WeeklySlot(DayOfWeek.valueOf(s.day()), s.from(), s.to()))
                            .toList(),
                    stored.exceptions().stream().map(e -> new ScheduleException(LocalDate.parse(e.firstDay()),
                            LocalDate.parse(e.lastDay()),
                            e.slots().stream().map(s -> new TimeSlot(s.from(), s.to())).toList())).toList());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new SQLException("stored slots of schedule " + id + " are not readable", e);
        }
    }
}
