/**
 * Shared schedulers: bundles never create their own threads.
 */
@Export
@Version("1.0.0")
package org.osprey.api.scheduling;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
