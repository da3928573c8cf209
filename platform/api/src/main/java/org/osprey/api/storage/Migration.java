package org.osprey.api.storage;

import java.util.Objects;

/**
 * One step of a bundle's database schema.
 *
 * @param version     position of the step, from 1, without gaps
 * @param description what it does
 * @param sql         statements separated by semicolons at line ends
 */
public record Migration(int version, String description, String sql) {

    /** Checks the parts. */
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
    }
}
