/**
 * Device plugins: a driver (factory) per device type, one handler per configured device, capabilities, status values (DMG-02) and discovery.
 */
@Export
@Version("1.1.0")
package org.osprey.api.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
