/**
 * Health checks contributed as services and the platform's aggregated health report.
 */
@Export
@Version("1.0.0")
package org.osprey.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
