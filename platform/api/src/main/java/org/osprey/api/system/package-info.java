/**
 * Server identity, uptime and overall health.
 */
@Export
@Version("1.0.0")
package org.osprey.api.system;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
