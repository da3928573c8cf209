package org.osprey.api.device;

import java.util.List;
import java.util.Objects;

/**
 * One camera (video channel) of a device; a multi-channel encoder has several.
 *
 * @param id      camera id, unique on the server: {@code <deviceId>} or {@code <deviceId>.<channel>}
 * @param channel channel number on the device, from 1
 * @param name    name a user sees
 * @param streams video streams it offers
 * @param audio   whether it has an audio input
 */
public record CameraDescriptor(String id, int channel, String name, List<StreamDescriptor> streams,
        boolean audio) {

    /** Checks the mandatory parts and copies the list. */
    public CameraDescriptor {
        Objects.requireNonNull(id, "id");
        streams = streams == null ? List.of() : List.copyOf(streams);
    }
}
