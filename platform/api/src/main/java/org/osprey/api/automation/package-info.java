/**
 * Action-rule modules: trigger, condition and action types contributed as services, their handlers and the trigger data (AR-07) passed between them.
 */
@Export
@Version("1.0.0")
package org.osprey.api.automation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
