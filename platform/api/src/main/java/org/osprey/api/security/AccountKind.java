package org.osprey.api.security;

/** Whether an account is a person or a group of accounts. */
public enum AccountKind {
    /** A user who logs in. */
    USER,
    /** A group whose role and rights its members get (USR-04); groups do not log in. */
    GROUP
}
