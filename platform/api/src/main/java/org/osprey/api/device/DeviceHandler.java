package org.osprey.api.device;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.media.MediaSource;

/**
 * Talks to one configured device. The platform calls {@link #initialize()} once, then
 * {@link #dispose()} once; a configuration change disposes the handler and creates a new one.
 */
@ConsumerType
public interface DeviceHandler {

    /**
     * Starts work: returns at once after scheduling I/O on {@link DeviceContext#scheduler()} and reports
     * the outcome through {@link DeviceContext#updateStatus}.
     */
    void initialize();

    /** Stops every job of this handler and releases its connections; returns quickly. */
    void dispose();

    /** What the device can do; may grow once the device has been reached. */
    default DeviceCapabilities capabilities() {
        return DeviceCapabilities.NONE;
    }

    /** The device's media, when it has cameras or audio. */
    default Optional<MediaSource> mediaSource() {
        return Optional.empty();
    }
}
