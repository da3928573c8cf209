package org.osprey.api.storage;

import java.sql.SQLException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The server database. Bundles never build JDBC URLs or keep connections: they borrow one for a unit of
 * work, and bring their own schema as migrations.
 */
@ProviderType
public interface DatabaseService {

    /** Runs work with a connection in auto-commit mode. */
    <T> T withConnection(SqlFunction<T> work) throws SQLException;

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(SqlFunction<T> work) throws SQLException;

    /**
     * Brings the schema of one owner up to date: applies, in order and each in its own transaction, the
     * migrations whose version is above the owner's recorded version.
     *
     * @param owner      the owning bundle's symbolic name
     * @param migrations every step of the owner's schema, from version 1
     * @return the owner's schema version afterwards
     */
    int migrate(String owner, List<Migration> migrations) throws SQLException;

    /** The database product and version, for diagnostics; never the URL or credentials. */
    String productName();
}
