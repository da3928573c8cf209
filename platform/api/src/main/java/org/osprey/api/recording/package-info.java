/**
 * Recordings: what was recorded per camera, why video is missing where it is, the segment files that hold
 * it, and the state of the storage they live on. Recordings cannot be deleted through this API; retention
 * is the only way they go (STO-11).
 */
@Export
@Version("1.0.0")
package org.osprey.api.recording;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
