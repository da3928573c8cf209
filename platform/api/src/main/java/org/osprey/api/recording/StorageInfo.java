package org.osprey.api.recording;

import java.util.Objects;

/**
 * A recording storage (STO-01, STO-03).
 *
 * @param id             identity written into the storage folder, so a different disk is recognised
 * @param root           the storage folder on the server
 * @param status         its state
 * @param totalBytes     capacity of the file system, 0 when unknown
 * @param freeBytes      space usable by the server, 0 when unknown
 * @param usedBytes      size of the indexed recordings on it
 * @param message        detail for the user, may be empty
 * @param name           the name the configuration gives it, which cameras are assigned by
 * @param allocatedBytes how much the recordings may use at most, 0 for no limit but the free space
 * @param overwriting    whether the allocation or the reserved free space has been reached, so the oldest
 *                       unlocked recordings are deleted to make room for new ones while recording goes on
 */
public record StorageInfo(String id, String root, StorageStatus status, long totalBytes, long freeBytes,
        long usedBytes, String message, String name, long allocatedBytes, boolean overwriting) {

    /** Checks the parts. */
    public StorageInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        name = name == null ? "" : name;
    }

    /** A storage without name and allocation, as version 1.0 of this package described it. */
    public StorageInfo(String id, String root, StorageStatus status, long totalBytes, long freeBytes, long usedBytes,
            String message) {
        this(id, root, status, totalBytes, freeBytes, usedBytes, message, "", 0, false);
    }
}
