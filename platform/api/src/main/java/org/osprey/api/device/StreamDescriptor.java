package org.osprey.api.device;

import java.util.Objects;

/**
 * One video stream a camera offers.
 *
 * @param id        stream id, unique within the device
 * @param profile   profile it serves
 * @param codec     codec name as in {@link org.osprey.api.media.CodecParameters#codec()}, such as {@code h264}
 * @param width     width in pixels, 0 when unknown
 * @param height    height in pixels, 0 when unknown
 * @param frameRate frames per second, 0 when unknown
 */
public record StreamDescriptor(String id, StreamProfile profile, String codec, int width, int height,
        double frameRate) {

    /** Checks the mandatory parts. */
    public StreamDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
    }
}
