package org.osprey.api.system;

import org.osgi.annotation.versioning.ProviderType;

/** The server's identity and state. */
@ProviderType
public interface SystemService {

    /** The current identity, uptime and health. */
    SystemInfo info();
}
