/**
 * Event topics and payloads for device, recording, alarm, rule and system events, and the services that publish and receive them.
 */
@Export
@Version("1.2.0")
package org.osprey.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
