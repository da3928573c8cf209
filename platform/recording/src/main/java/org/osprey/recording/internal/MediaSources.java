package org.osprey.recording.internal;

import java.util.Optional;
import org.osprey.api.media.MediaSource;

/**
 * Finds the media of a running device. A stand-in until {@code DeviceRegistry} offers the handler's
 * {@link MediaSource} itself; then one component adapts the registry to this.
 */
public interface MediaSources {

    /** The media source of the device's running handler, empty while it has none (disabled, no driver). */
    Optional<MediaSource> mediaSource(String deviceId);
}
