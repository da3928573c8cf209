package org.osprey.api.security;

/** What a user may do with one I/O port (USR-07). */
public enum IoRight {
    /** See the port's state. */
    READ,
    /** Change the port's state. */
    WRITE
}
