package org.osprey.api.security;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller with the role and rights in effect for it: its own and its groups' (USR-04).
 * Administrators may do everything.
 *
 * @param username      the account name
 * @param role          the highest role of the user and its groups
 * @param rights        the union of the user's and its groups' rights
 * @param sourceAddress where the call came from, for the audit trail
 */
public record Subject(String username, Role role, Rights rights, String sourceAddress) {

    /**
     * The servlet request attribute under which the platform's HTTP authentication leaves the caller for
     * the endpoints; absent for anonymous requests.
     */
    public static final String REQUEST_ATTRIBUTE = "org.osprey.subject";

    /** Checks the mandatory parts. */
    public Subject {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        rights = rights == null ? Rights.NONE : rights;
        sourceAddress = sourceAddress == null ? "" : sourceAddress;
    }

    /** Whether the caller is an administrator. */
    public boolean isAdministrator() {
        return role == Role.ADMINISTRATOR;
    }

    /** Whether the caller has a right on a camera; viewers never have more than live access. */
    public boolean may(String cameraId, CameraRight right) {
        if (isAdministrator()) {
            return true;
        }
        Set<CameraRight> granted = rights.cameras().getOrDefault(cameraId, Set.of());
        if (!granted.contains(CameraRight.ACCESS)) {
            return false;
        }
        if (role == Role.VIEWER && right != CameraRight.ACCESS && right != CameraRight.AUDIO_LISTEN) {
            return false;
        }
        return right == CameraRight.ACCESS || granted.contains(right);
    }

    /** Whether the caller has a system right. */
    public boolean may(SystemRight right) {
        return isAdministrator() || rights.system().contains(right);
    }
}
