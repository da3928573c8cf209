package org.osprey.device.simulator.control;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Steers the running simulated devices (device type {@code osprey.simulator}). Every change a real
 * device would report is published as its device event: {@code motion} with {@code region} (number)
 * and {@code active}, {@code input} and {@code output} with {@code port} (the port id, such as
 * {@code input1}) and {@code active}. Nothing is published for a call that changes nothing, nor while
 * the device's connection is down: the server cannot hear a disconnected device.
 *
 * <p>Every method fails with {@link org.osprey.api.device.DeviceNotFoundException} when no simulated
 * device with that id is running, and with {@link IllegalArgumentException} for a region, port or
 * duration out of range.
 */
@ProviderType
public interface SimulatorControl {

    /** Ports of each kind every simulated device has. */
    int PORTS = 2;

    /** The running simulated devices, ordered by name. */
    List<SimulatedDevice> devices();

    /** One running simulated device. */
    Optional<SimulatedDevice> device(String deviceId);

    /**
     * Starts or stops the moving object of one picture region.
     *
     * @param region 1 to columns × rows
     */
    void setMotion(String deviceId, int region, boolean on);

    /**
     * Sets the state an input port reads, as if its circuit opened or closed.
     *
     * @param port 1 to {@link #PORTS}
     */
    void setInput(String deviceId, int port, boolean active);

    /**
     * Drives an output port, as the server would a relay.
     *
     * @param port 1 to {@link #PORTS}
     */
    void setOutput(String deviceId, int port, boolean active);

    /**
     * Drops the device's connection: its stream stops and it reports
     * {@link org.osprey.api.device.DeviceStatus#NOT_ACCESSIBLE} until the time is up, then it comes back
     * with a keyframe. A call while disconnected sets the remaining time anew.
     *
     * @param duration from 1 ms to 1 h
     */
    void disconnect(String deviceId, Duration duration);
}
