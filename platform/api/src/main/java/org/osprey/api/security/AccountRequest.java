package org.osprey.api.security;

import java.util.List;

/**
 * What a caller asks for when adding or changing an account; absent fields are kept on update.
 *
 * @param name        account name (add only): letters, digits, {@code . _ -}, at most 64 characters
 * @param displayName name shown to people
 * @param kind        user or group (add only); {@code null} means user
 * @param role        role
 * @param groups      groups of a user
 * @param rights      rights
 * @param enabled     whether it may log in
 * @param password    password of a new user; ignored on update (use
 *                    {@link AccountService#setPassword(String, String)})
 */
public record AccountRequest(String name, String displayName, AccountKind kind, Role role, List<String> groups,
        Rights rights, Boolean enabled, String password) {
}
