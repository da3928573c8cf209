/**
 * Base classes that take the repetitive parts out of writing an Osprey plugin: device handlers with
 * managed jobs, handlers that read one upstream in slices on the scheduler
 * ({@link org.osprey.sdk.support.UpstreamDeviceHandler}, since 1.2), and the packet fan-out with its GOP
 * ring buffer that every camera driver shares.
 */
@Export
@Version("1.2.0")
package org.osprey.sdk.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
