package org.osprey.device.simulator.control;

import java.util.List;
import java.util.Objects;

/**
 * A running simulated device as it stands now. Regions and ports are numbered from 1; regions row by
 * row from the top left.
 *
 * @param deviceId  the device's id in the server
 * @param name      the device's name
 * @param columns   picture regions across
 * @param rows      picture regions down
 * @param motion    per region, whether its object moves
 * @param inputs    per input port, whether it is active
 * @param outputs   per output port, whether it is active
 * @param connected false while a simulated connection loss lasts
 * @param encoding  whether pictures are being made, which happens only while someone receives them
 */
public record SimulatedDevice(String deviceId, String name, int columns, int rows, List<Boolean> motion,
        List<Boolean> inputs, List<Boolean> outputs, boolean connected, boolean encoding) {

    /** Checks the id and copies the lists. */
    public SimulatedDevice {
        Objects.requireNonNull(deviceId, "deviceId");
        motion = List.copyOf(motion);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
