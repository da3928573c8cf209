package org.osprey.api.config;

/**
 * The value type of a {@link ConfigParameter}; it decides how a client renders the field and how the
 * server validates the value.
 */
public enum ParameterType {
    /** Free text. */
    TEXT,
    /** Text that is never echoed back in API answers or logs. */
    PASSWORD,
    /** A whole number, optionally bounded by {@link ConfigParameter#min()} and {@link ConfigParameter#max()}. */
    INTEGER,
    /** A decimal number, optionally bounded. */
    DECIMAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A URI; the parameter's {@link ConfigParameter#options()} list the accepted schemes when not empty. */
    URI,
    /** One value out of {@link ConfigParameter#options()}. */
    CHOICE
}
