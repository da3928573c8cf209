package org.osprey.recording.internal;

import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.media.MediaSource;

/** The device registry as the recorders' media lookup. */
@Component(service = MediaSources.class)
public class RegistryMediaSources implements MediaSources {

    private final DeviceRegistry devices;

    @Activate
    public RegistryMediaSources(@Reference DeviceRegistry devices) {
        this.devices = devices;
    }

    @Override
    public Optional<MediaSource> mediaSource(String deviceId) {
        try {
            return devices.mediaSource(deviceId);
        } catch (DeviceNotFoundException e) {
            return Optional.empty();
        }
    }
}
