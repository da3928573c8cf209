package org.osprey.api.recording;

import java.util.Objects;

/**
 * A video file in a storage folder that the index does not know (STO-09): left by a crash the index never
 * heard of, unreadable, or copied there by someone. Such files use space but are never played, and
 * nothing deletes them.
 *
 * @param storageId the storage, see {@link StorageInfo#id()}
 * @param path      where it was found, relative to the storage root, with {@code /} separators
 * @param size      its size in bytes
 * @param movedTo   where it was moved, relative to the storage root; {@code null} when it was only listed
 */
public record NonIndexedFile(String storageId, String path, long size, String movedTo) {

    /** Checks the parts. */
    public NonIndexedFile {
        Objects.requireNonNull(storageId, "storageId");
        Objects.requireNonNull(path, "path");
    }
}
