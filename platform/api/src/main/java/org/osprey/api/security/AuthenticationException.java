package org.osprey.api.security;

import java.time.Duration;

/**
 * Login refused. The message never tells whether the user exists (ERR-01: "The username or password is
 * incorrect").
 */
public class AuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** @param message what the caller is told; @param retryAfter how long the account is locked, or zero */
    public AuthenticationException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
    }

    /** How long logins for this account are refused, zero when not locked. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
