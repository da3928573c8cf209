/**
 * Recordings: what was recorded per camera, why video is missing where it is, the segment files that hold
 * it, and the state of the storages they live on; event recordings (manual, rule, motion) with their
 * buffers, locks that keep recordings from deletion, and the collection of files the index does not know.
 * Recordings cannot be deleted through this API; retention and the storage allocation are the only ways
 * they go (STO-11).
 */
@Export
@Version("1.1.0")
package org.osprey.api.recording;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
