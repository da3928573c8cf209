package org.osprey.api.security;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.osprey.api.config.InvalidConfigurationException;

/**
 * The server's built-in user directory and the authentication of callers against it. Passwords are kept
 * only as salted, iterated hashes; repeated failures lock an account for a growing time.
 */
@ProviderType
public interface AccountService {

    /** All users and groups, ordered by name. */
    List<Account> accounts();

    /** The account with the given name. */
    Optional<Account> account(String name);

    /**
     * Adds a user or group.
     *
     * @throws InvalidConfigurationException when the request is invalid or the name is taken
     */
    Account add(AccountRequest request);

    /**
     * Changes an account; absent fields are kept.
     *
     * @throws InvalidConfigurationException when the result would be invalid, or would leave the server
     *                                       without an enabled administrator
     * @throws java.util.NoSuchElementException when the name is unknown
     */
    Account update(String name, AccountRequest request);

    /**
     * Removes an account.
     *
     * @throws InvalidConfigurationException when it is the last enabled administrator
     * @throws java.util.NoSuchElementException when the name is unknown
     */
    void remove(String name);

    /**
     * Sets a user's password and ends its sessions.
     *
     * @throws InvalidConfigurationException when the password is too weak
     * @throws java.util.NoSuchElementException when the user is unknown
     */
    void setPassword(String name, String password);

    /**
     * Checks a user's password.
     *
     * @param source the caller's address, for lockout and the audit trail
     * @return the caller with its effective role and rights
     * @throws AuthenticationException when refused, with the lockout time if locked
     */
    Subject authenticate(String username, String password, String source) throws AuthenticationException;

    /**
     * The effective role and rights of an enabled user, for a caller authenticated by other means (a
     * session token, HTTP Digest).
     */
    Optional<Subject> subject(String username, String source);
}
