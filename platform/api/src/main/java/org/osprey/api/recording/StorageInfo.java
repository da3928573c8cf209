package org.osprey.api.recording;

import java.util.Objects;

/**
 * A recording storage (STO-01, STO-03).
 *
 * @param id         identity written into the storage folder, so a different disk is recognised
 * @param root       the storage folder on the server
 * @param status     its state
 * @param totalBytes capacity of the file system, 0 when unknown
 * @param freeBytes  space usable by the server, 0 when unknown
 * @param usedBytes  size of the indexed recordings on it
 * @param message    detail for the user, may be empty
 */
public record StorageInfo(String id, String root, StorageStatus status, long totalBytes, long freeBytes,
        long usedBytes, String message) {

    /** Checks the parts. */
    public StorageInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }
}
