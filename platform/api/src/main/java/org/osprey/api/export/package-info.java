/**
 * Export formats contributed as services (MKV, MP4 and others).
 */
@Export
@Version("1.0.0")
package org.osprey.api.export;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
