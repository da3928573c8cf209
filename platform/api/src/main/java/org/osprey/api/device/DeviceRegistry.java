package org.osprey.api.device;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.media.MediaSource;

/**
 * The configured devices of this server and their lifecycle. Every change is persisted before the call
 * returns, and published as an event; status changes are published too.
 */
@ProviderType
public interface DeviceRegistry {

    /** All configured devices, ordered by name. */
    List<DeviceDefinition> devices();

    /** The device with the given id. */
    Optional<DeviceDefinition> device(String id);

    /**
     * Adds a device and, when enabled and its driver is installed, starts its handler.
     *
     * @throws InvalidConfigurationException when the request or the configuration is invalid, or the type
     *                                       is not installed; nothing is stored then
     */
    DeviceDefinition add(DeviceRequest request);

    /**
     * Changes a device; absent fields are kept. The handler is restarted when needed.
     *
     * @throws DeviceNotFoundException       when the id is unknown
     * @throws InvalidConfigurationException when the result would be invalid; nothing is changed then
     */
    DeviceDefinition update(String id, DeviceRequest request);

    /**
     * Removes a device after stopping its handler.
     *
     * @throws DeviceNotFoundException when the id is unknown
     */
    void remove(String id);

    /**
     * Enables or disables a device.
     *
     * @throws DeviceNotFoundException when the id is unknown
     */
    DeviceDefinition setEnabled(String id, boolean enabled);

    /**
     * The current status of a device.
     *
     * @throws DeviceNotFoundException when the id is unknown
     */
    DeviceStatusInfo status(String id);

    /**
     * The capabilities the device's handler reports, or {@link DeviceCapabilities#NONE} while it has no
     * handler.
     *
     * @throws DeviceNotFoundException when the id is unknown
     */
    DeviceCapabilities capabilities(String id);

    /**
     * The media of the device's running handler: empty while it has none (disabled, driver missing, no
     * cameras). A restarted handler gives a new source, so callers compare instances to notice it.
     *
     * @throws DeviceNotFoundException when the id is unknown
     */
    Optional<MediaSource> mediaSource(String id);
}
