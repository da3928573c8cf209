package org.osprey.core.internal.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.storage.DatabaseService;
import org.osprey.api.storage.Migration;

/** Device definitions in the server database; configuration is kept as a JSON object. */
final class DeviceStore {

    static final String OWNER = "org.osprey.core.device";

    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "device table", """
            CREATE TABLE osprey_device (
              id VARCHAR(64) PRIMARY KEY,
              name VARCHAR(200) NOT NULL,
              type VARCHAR(200) NOT NULL,
              enabled BOOLEAN NOT NULL,
              configuration CHARACTER LARGE OBJECT NOT NULL,
              created TIMESTAMP WITH TIME ZONE NOT NULL,
              updated TIMESTAMP WITH TIME ZONE NOT NULL
            );
            """));

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DatabaseService db;
    /** Whole numbers come back as Long, as the validator makes them, so a reloaded device equals the stored one. */
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    DeviceStore(DatabaseService db) throws SQLException {
        this.db = db;
        db.migrate(OWNER, MIGRATIONS);
    }

    List<DeviceDefinition> loadAll() throws SQLException {
        return db.withConnection(c -> {
            List<DeviceDefinition> devices = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, name, type, enabled, configuration FROM osprey_device ORDER BY name");
                    ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    devices.add(new DeviceDefinition(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4),
                            parse(r.getString(5))));
                }
            }
            return devices;
        });
    }

    void insert(DeviceDefinition d) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO osprey_device "
                    + "(id, name, type, enabled, configuration, created, updated) "
                    + "VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                p.setString(1, d.id());
                p.setString(2, d.name());
                p.setString(3, d.type());
                p.setBoolean(4, d.enabled());
                p.setString(5, write(d.configuration()));
                p.executeUpdate();
            }
            return null;
        });
    }

    void update(DeviceDefinition d) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE osprey_device SET name = ?, type = ?, "
                    + "enabled = ?, configuration = ?, updated = CURRENT_TIMESTAMP WHERE id = ?")) {
                p.setString(1, d.name());
                p.setString(2, d.type());
                p.setBoolean(3, d.enabled());
                p.setString(4, write(d.configuration()));
                p.setString(5, d.id());
                if (p.executeUpdate() != 1) {
                    throw new SQLException("device " + d.id() + " vanished from the database");
                }
            }
            return null;
        });
    }

    void delete(String id) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM osprey_device WHERE id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    private String write(Map<String, Object> configuration) throws SQLException {
        try {
            return json.writeValueAsString(configuration);
        } catch (JsonProcessingException e) {
            throw new SQLException("configuration cannot be stored as JSON", e);
        }
    }

    private Map<String, Object> parse(String text) throws SQLException {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored configuration is not JSON", e);
        }
    }
}
