/**
 * External data sources (DS-*): sources that feed time-stamped records, such as access-control or point-of-sale events, into the server.
 */
@Export
@Version("1.0.0")
package org.osprey.api.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
