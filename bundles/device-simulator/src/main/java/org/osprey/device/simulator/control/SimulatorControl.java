package org.osprey.device.simulator.control;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Steers the running simulated devices (device type {@code osprey.simulator}). Every change a real
 * device would report is published as its device event: {@code motion} with {@code region} (number)
 * and {@code active}, {@code input} and {@code output} with {@code port} (the port id, such as
 * {@code input1}) and {@code active}. Nothing is published for a call that changes nothing, nor while
 * the device's connection is down: the server cannot hear a disconnected device. The events of
 * {@link #EVENT_TYPES} are raised on request.
 *
 * <p>Every method fails with {@link org.osprey.api.device.DeviceNotFoundException} when no simulated
 * device with that id is running, and with {@link IllegalArgumentException} for a region, port,
 * duration, event type or event property out of range.
 */
@ProviderType
public interface SimulatorControl {

    /** Ports of each kind every simulated device has. */
    int PORTS = 2;

    /**
     * The device events, besides motion and port changes, a simulated device raises on request: a few of
     * the catalogue real cameras and door controllers report (tilt or shock, an opened casing, a door
     * forced or held open, the temperature out of range, a manual trigger).
     */
    List<String> EVENT_TYPES = List.of("tampering", "casing", "door", "temperature", "trigger");

    /** The longest simulated connection loss. */
    Duration LONGEST_DISCONNECTION = Duration.ofHours(1);

    /** Most properties one raised event may carry. */
    int MAX_EVENT_PROPERTIES = 16;

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

    /**
     * Ends a simulated connection loss at once; nothing happens when the device is connected.
     *
     * @since 1.1
     */
    void reconnect(String deviceId);

    /**
     * Makes the device report an event of its catalogue, as if it had detected it.
     *
     * @param type       one of {@link #EVENT_TYPES}
     * @param properties at most {@link #MAX_EVENT_PROPERTIES}; names are 1 to 64 letters, digits, {@code _}
     *                   or {@code .} (not {@code deviceId} or {@code deviceName}, which the server adds);
     *                   values are text of at most 256 characters, whole or decimal numbers, or booleans
     * @throws IllegalStateException while the device's connection is down: the server cannot hear it
     * @since 1.1
     */
    void raiseEvent(String deviceId, String type, Map<String, Object> properties);
}
