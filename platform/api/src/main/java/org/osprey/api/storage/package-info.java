/**
 * Database access for platform and plugin bundles: connections, transactions and per-bundle schema migrations.
 */
@Export
@Version("1.0.0")
package org.osprey.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
