package org.osprey.api.dto;

/**
 * {@code POST /api/v1/auth/login} body.
 *
 * @param username account name
 * @param password password
 */
public record LoginDTO(String username, String password) {
}
