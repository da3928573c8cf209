/**
 * What Osprey's own bundles that read or write media through FFmpeg share: error codes in words, codec
 * parameters and packets to and from FFmpeg's, and FFmpeg's log level. For the platform and the
 * first-party plugins; not part of the SDK.
 */
@Export
@Version("1.0.0")
package org.osprey.media.ffmpeg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
