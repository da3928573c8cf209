package org.osprey.api.data;

import java.util.Objects;

/**
 * A column of an external data source, usable in {@code [Column]} queries (DS-*).
 *
 * @param key   key of the value in {@link ExternalDataRecord#values()}
 * @param label column heading
 */
public record DataColumn(String key, String label) {

    /** Checks the key. */
    public DataColumn {
        Objects.requireNonNull(key, "key");
        label = label == null ? key : label;
    }
}
