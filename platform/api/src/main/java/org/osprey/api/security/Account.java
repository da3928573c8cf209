package org.osprey.api.security;

import java.util.List;
import java.util.Objects;

/**
 * A user or group of the server's user directory (USR-01, USR-11). Never carries a password or hash.
 *
 * @param name        unique account name, used to log in
 * @param displayName name shown to people
 * @param kind        user or group
 * @param role        its own role; the effective role also counts its groups
 * @param groups      names of the groups it belongs to (users only)
 * @param rights      its own rights; effective rights also count its groups
 * @param enabled     whether it may log in
 */
public record Account(String name, String displayName, AccountKind kind, Role role, List<String> groups,
        Rights rights, boolean enabled) {

    /** Checks the mandatory parts and copies the lists. */
    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(role, "role");
        displayName = displayName == null ? name : displayName;
        groups = groups == null ? List.of() : List.copyOf(groups);
        rights = rights == null ? Rights.NONE : rights;
    }
}
