/**
 * Users, groups, roles and rights (USR-*), authentication of callers, the audit trail (LOG-08) and the
 * server's certificates (SEC-*).
 */
@Export
@Version("1.0.0")
package org.osprey.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
