package org.osprey.api.dto;

/**
 * {@code PUT /api/v1/users/{name}/password} body.
 *
 * @param currentPassword the caller's current password; required when changing one's own password
 * @param newPassword     the new password
 */
public record PasswordChangeDTO(String currentPassword, String newPassword) {
}
