package org.osprey.storage.h2.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.h2.jdbcx.JdbcConnectionPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.storage.DatabaseService;
import org.osprey.api.storage.Migration;
import org.osprey.api.storage.SqlFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server database on embedded H2. The file lives under the distribution's data folder unless an
 * administrator configures another JDBC URL.
 */
@Component(service = DatabaseService.class, configurationPid = H2DatabaseService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = H2DatabaseService.Config.class)
public class H2DatabaseService implements DatabaseService {

    static final String PID = "org.osprey.storage.h2";

    @ObjectClassDefinition(name = "Osprey database", description = "Where the server keeps its configuration and indexes.")
    public @interface Config {
        @AttributeDefinition(name = "JDBC URL", description = "Empty: the H2 file database data/osprey/osprey under the server folder.")
        String url() default "";

        @AttributeDefinition(name = "User")
        String user() default "osprey";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(name = "Maximum connections", min = "1", max = "200")
        int maxConnections() default 16;
    }

    private static final String SCHEMA_TABLE = "CREATE TABLE IF NOT EXISTS osprey_schema ("
            + "owner VARCHAR(200) PRIMARY KEY, version INT NOT NULL, updated TIMESTAMP WITH TIME ZONE NOT NULL)";

    private final Logger logger = LoggerFactory.getLogger(H2DatabaseService.class);
    private final JdbcConnectionPool pool;

    @Activate
    public H2DatabaseService(Config config) throws SQLException {
        this(config.url().isBlank() ? defaultUrl() : config.url(), config.user(), config.password(),
                config.maxConnections());
    }

    H2DatabaseService(String url, String user, String password, int maxConnections) throws SQLException {
        requireSafeUrl(url);
        pool = JdbcConnectionPool.create(url, user, password);
        pool.setMaxConnections(maxConnections);
        withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(SCHEMA_TABLE);
            }
            return null;
        });
        logger.info("Database ready: {}", productName());
    }

    /** The file database under Karaf's data folder, or the working folder outside Karaf. */
    static String defaultUrl() {
        String data = System.getProperty("karaf.data", "data");
        return "jdbc:h2:file:" + Path.of(data, "osprey", "osprey").toAbsolutePath();
    }

    /**
     * H2 runs arbitrary scripts named in its URL ({@code INIT=RUNSCRIPT ...}) and opens TCP or web
     * servers on request; the URL is configuration, so refuse what would turn it into code execution.
     */
    static void requireSafeUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:file:") && !lower.startsWith("jdbc:h2:mem:")) {
            throw new IllegalArgumentException("Only jdbc:h2:file: and jdbc:h2:mem: URLs are accepted");
        }
        for (String forbidden : List.of("init=", "runscript", "create alias", "auto_server", "javaobject")) {
            if (lower.contains(forbidden)) {
                throw new IllegalArgumentException("The database URL may not contain " + forbidden.toUpperCase(Locale.ROOT));
            }
        }
    }

    @Deactivate
    public void close() {
        pool.dispose();
    }

    @Override
    public <T> T withConnection(SqlFunction<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.apply(c);
        }
    }

    @Override
    public <T> T inTransaction(SqlFunction<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    public synchronized int migrate(String owner, List<Migration> migrations) throws SQLException {
        List<Migration> ordered = migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).version() != i + 1) {
                throw new IllegalArgumentException(owner + ": migration versions must run 1.." + ordered.size()
                        + " without gaps");
            }
        }
        int current = schemaVersion(owner);
        if (current > ordered.size()) {
            throw new SQLException(owner + ": the database has schema version " + current
                    + ", newer than this bundle knows (" + ordered.size() + ")");
        }
        for (Migration m : ordered.subList(current, ordered.size())) {
            inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    for (String sql : m.sql().split(";\\s*(\\R|$)")) {
                        if (!sql.isBlank()) {
                            s.execute(sql);
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "MERGE INTO osprey_schema (owner, version, updated) KEY (owner) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                    p.setString(1, owner);
                    p.setInt(2, m.version());
                    p.executeUpdate();
                }
                return null;
            });
            logger.info("Schema of {} migrated to version {}: {}", owner, m.version(), m.description());
        }
        return ordered.size();
    }

    int schemaVersion(String owner) throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT version FROM osprey_schema WHERE owner = ?")) {
                p.setString(1, owner);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getInt(1) : 0;
                }
            }
        });
    }

    @Override
    public String productName() {
        try {
            return withConnection(c -> c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }
}
