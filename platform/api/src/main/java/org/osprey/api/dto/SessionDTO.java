package org.osprey.api.dto;

/**
 * An opened session: send {@code Authorization: Bearer <token>} with every request.
 *
 * @param token     bearer token
 * @param expiresAt when it ends unless used, ISO-8601
 * @param username  who logged in
 * @param role      the effective role
 */
public record SessionDTO(String token, String expiresAt, String username, String role) {
}
