/**
 * Base classes that take the repetitive parts out of writing an Osprey plugin.
 */
@Export
@Version("1.0.0")
package org.osprey.sdk.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
