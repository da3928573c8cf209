/**
 * Packet-level media contract: codec parameters and timestamped packets fanned out to recorders, live relays and analysers without decoding.
 */
@Export
@Version("1.2.0")
package org.osprey.api.media;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
