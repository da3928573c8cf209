package org.osprey.security.internal;

import org.osprey.api.security.Account;

/**
 * An account with its secrets as stored: the password hash and the HTTP Digest keys (H(A1) of RFC 7616,
 * which Digest needs and which open only this server's realm).
 */
record StoredAccount(Account account, String passwordHash, String digestSha256, String digestMd5) {
}
