package org.osprey.storage.h2.internal;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The real H2 database service on a file under a test's folder, for the unit tests of bundles that
 * store data. Shipped in this module's test jar.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A database in the given folder; call {@link H2DatabaseService#close()} when done. */
    public static H2DatabaseService inFolder(Path folder) throws SQLException {
        return new H2DatabaseService("jdbc:h2:file:" + folder.resolve("db").toAbsolutePath(), "osprey", "", 8);
    }
}
