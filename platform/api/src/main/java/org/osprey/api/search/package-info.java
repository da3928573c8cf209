/**
 * Search providers (motion search, object search and others) contributed as services.
 */
@Export
@Version("1.0.0")
package org.osprey.api.search;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
