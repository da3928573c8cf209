package org.osprey.api.security;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Short-lived bearer sessions for the REST API, WebSocket and media endpoints. */
@ProviderType
public interface SessionService {

    /**
     * Checks the password and opens a session.
     *
     * @throws AuthenticationException when refused, with the lockout time if the account is locked
     */
    Session login(String username, String password, String source) throws AuthenticationException;

    /** The caller a token stands for, if the session is open; extends the session. */
    Optional<Subject> resolve(String token, String source);

    /** Ends a session; unknown tokens are ignored. */
    void logout(String token);

    /** Ends every session of a user, for example after a password change. */
    void logoutAll(String username);
}
