package org.osprey.api.recording;

/** The state of a recording storage, as the storage list shows it (STO-02). */
public enum StorageStatus {
    /** Recording works. */
    OK,
    /** No room left: nothing new is written until space is freed. */
    FULL,
    /** Less free space than the configured warning level. */
    LOW_SPACE,
    /**
     * The storage cannot be used: its folder is missing, or holds another storage's identity, or is empty
     * where the index says there should be recordings (a wrong or unmounted disk). Nothing is written there.
     */
    UNAVAILABLE,
    /** The server may not read or write the storage folder. */
    NO_PERMISSIONS;

    /** Whether new recordings may be written in this state. */
    public boolean isWritable() {
        return this == OK || this == LOW_SPACE;
    }
}
