/**
 * The common shape of every plugin service and the registry that lists installed plugins.
 */
@Export
@Version("1.0.0")
package org.osprey.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
