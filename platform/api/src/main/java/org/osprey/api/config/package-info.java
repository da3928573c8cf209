/**
 * Typed configuration descriptions that plugins publish and clients render as forms, and the validation error they produce.
 */
@Export
@Version("1.0.0")
package org.osprey.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
