package org.osprey.api.device;

import java.util.Objects;

/**
 * An input or output port of a device (IO-*).
 *
 * @param id        port id, unique within the device
 * @param name      name a user sees
 * @param direction input or output
 */
public record PortDescriptor(String id, String name, Direction direction) {

    /** Whether a port senses or drives. */
    public enum Direction {
        /** A port whose state the device reports. */
        INPUT,
        /** A port the server can set. */
        OUTPUT
    }

    /** Checks the mandatory parts. */
    public PortDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        name = name == null ? id : name;
    }
}
