package org.osprey.api.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Work done with a borrowed connection.
 *
 * @param <T> result type
 */
@ConsumerType
@FunctionalInterface
public interface SqlFunction<T> {

    /** Runs the work; must not keep the connection after returning. */
    T apply(Connection connection) throws SQLException;
}
