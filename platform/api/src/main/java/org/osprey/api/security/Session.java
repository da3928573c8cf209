package org.osprey.api.security;

import java.time.Instant;

/**
 * A logged-in client. The token is a bearer secret for {@code Authorization: Bearer}; the server keeps
 * only its hash.
 *
 * @param token     the bearer token, shown once at login
 * @param subject   who is logged in
 * @param expiresAt when the session ends unless used before; every use extends it up to a maximum age
 */
public record Session(String token, Subject subject, Instant expiresAt) {
}
