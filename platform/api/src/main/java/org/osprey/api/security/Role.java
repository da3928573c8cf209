package org.osprey.api.security;

/** The roles of USR-03, from least to most powerful; a user's highest role wins (USR-04). */
public enum Role {
    /** Live video of selected cameras, I/O and views; no recordings, no configuration. */
    VIEWER,
    /** Selected cameras, views and I/O, live and recorded; everything but system configuration. */
    OPERATOR,
    /** Everything, including all configuration. */
    ADMINISTRATOR;

    /** The more powerful of two roles. */
    public Role max(Role other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
