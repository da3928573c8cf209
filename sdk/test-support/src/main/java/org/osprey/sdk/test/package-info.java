/**
 * Test helpers for Osprey plugins and the platform's own tests.
 */
@Export
@Version("1.0.0")
package org.osprey.sdk.test;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
