package org.osprey.device.simulator.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.osprey.api.event.EventProperties;
import org.osprey.api.device.CameraDescriptor;
import org.osprey.api.device.DeviceCapabilities;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.device.PortDescriptor;
import org.osprey.api.device.StreamDescriptor;
import org.osprey.api.device.StreamProfile;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.device.simulator.control.SimulatedDevice;
import org.osprey.device.simulator.control.SimulatorControl;
import org.osprey.sdk.support.UpstreamDeviceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated camera: makes its picture and encodes it to H.264 at its frame rate, but only while
 * someone receives the stream, and keeps the state of its motion regions and I/O ports.
 *
 * <p>Frames are due on a fixed grid of wall-clock times, and each one is stamped with its slot. Each
 * step schedules the next for the next slot; a step that comes too late skips the slots it missed
 * rather than catching up in a burst. When a first subscriber arrives the next frame is a keyframe, so
 * a viewer waits at most one frame interval. The encoder is the handler's upstream: only slices touch it
 * and feed the stream, and whoever ends the slice in which the handler was disposed closes it.
 */
final class SimulatorHandler extends UpstreamDeviceHandler<H264Encoder> {

    static final String STREAM = "high";
    static final String EVENT_MOTION = "motion";
    static final String EVENT_INPUT = "input";
    static final String EVENT_OUTPUT = "output";
    static final String PROPERTY_REGION = "region";
    static final String PROPERTY_PORT = "port";
    static final String PROPERTY_ACTIVE = "active";
    private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_.]{1,64}");
    private static final int LONGEST_TEXT = 256;

    private final Logger logger = LoggerFactory.getLogger(SimulatorHandler.class);
    private final SimulatorSettings settings;
    private final LongSupplier clock;
    private final Consumer<SimulatorHandler> whenDisposed;
    private final DeviceCapabilities capabilities;

    /** Guarded by this handler's monitor. */
    private final boolean[] motion;
    private final boolean[] inputs = new boolean[SimulatorControl.PORTS];
    private final boolean[] outputs = new boolean[SimulatorControl.PORTS];
    private ScheduledFuture<?> reconnection;
    private volatile boolean connected = true;
    private volatile boolean encoding;

    /** Touched in slices only. */
    private SyntheticPicture picture;
    private CodecParameters parameters;
    private long firstSlot;
    private long slot;
    private boolean keyframeDue;

    /**
     * @param clock        the wall clock, microseconds since the epoch
     * @param whenDisposed told once the handler is disposed
     */
    SimulatorHandler(DeviceContext context, SimulatorSettings settings, LongSupplier clock,
            Consumer<SimulatorHandler> whenDisposed) {
        super(context, STREAM);
        this.settings = settings;
        this.clock = clock;
        this.whenDisposed = whenDisposed;
        this.motion = new boolean[settings.regions()];
        Arrays.fill(motion, settings.motion());
        this.capabilities = describe();
    }

    @Override
    public DeviceCapabilities capabilities() {
        return capabilities;
    }

    @Override
    protected void connect() {
        runSlice(this::startEncoding);
    }

    /** In a slice. */
    private void startEncoding() {
        try {
            picture = new SyntheticPicture(settings.width(), settings.height(), settings.columns(), settings.rows(),
                    ZoneId.systemDefault());
            H264Encoder encoder = new H264Encoder(settings.width(), settings.height(), settings.frameRate(),
                    settings.bitRate());
            parameters = encoder.parameters();
            startReading(encoder, List.of(parameters));
            updateStatus(DeviceStatus.OK, onlineMessage());
            firstSlot = clock.getAsLong();
            slot = 0;
            keyframeDue = true;
            later(0);
        } catch (RuntimeException | LinkageError e) {
            // FFmpeg or its OpenH264 encoder is missing or broken in this installation: no retry helps.
            logger.error("Device {}: the simulator cannot encode", device().id(), e);
            stopReading("encoder failed");
            updateStatus(DeviceStatus.NOT_ACCESSIBLE, "The H.264 encoder failed: " + e.getMessage());
        }
    }

    private String onlineMessage() {
        return "Simulating " + settings.width() + "x" + settings.height() + " at " + settings.frameRate() + " fps";
    }

    /** In a slice. */
    private void step() {
        if (upstream() == null) {
            return;
        }
        try {
            long due = firstSlot + slot * 1_000_000L / settings.frameRate();
            if (connected && fanOut().subscriberCount(STREAM) > 0) {
                frame(due);
                encoding = true;
            } else {
                if (encoding && connected) {
                    // The last subscriber left. Starting the stream over drops the GOPs the fan-out kept,
                    // which would be stale by the time someone comes back.
                    fanOut().started(STREAM, List.of(parameters));
                }
                // No picture while nobody watches; the next one a viewer gets is a keyframe.
                keyframeDue = true;
                encoding = false;
            }
            long now = clock.getAsLong();
            do {
                slot++;
            } while (firstSlot + slot * 1_000_000L / settings.frameRate() <= now);
            later(firstSlot + slot * 1_000_000L / settings.frameRate() - now);
        } catch (RuntimeException e) {
            logger.error("Device {}: encoding failed", device().id(), e);
            stopReading("encoder failed");
            updateStatus(DeviceStatus.NOT_ACCESSIBLE, "The H.264 encoder failed: " + e.getMessage());
        }
    }

    /** In a slice: one picture at its slot time. */
    private void frame(long micros) {
        boolean[] moving;
        synchronized (this) {
            moving = motion.clone();
        }
        Instant time = Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000);
        picture.render(time, 1.0 / settings.frameRate(), moving);
        long duration = 1_000_000L / settings.frameRate();
        upstream().encode(picture, keyframeDue, encoded -> fanOut().packet(STREAM,
                new MediaPacket(0, micros, micros, duration, encoded.keyframe(), ByteBuffer.wrap(encoded.data()))));
        keyframeDue = false;
    }

    /** In a slice. */
    private void later(long delayMicros) {
        scheduleSlice(this::step, Math.max(0, delayMicros), TimeUnit.MICROSECONDS);
    }

    // ---- steering, from SimulatorControl on any thread ----

    void setMotion(int region, boolean on) {
        check(region, motion.length, "region");
        synchronized (this) {
            if (motion[region - 1] == on) {
                return;
            }
            motion[region - 1] = on;
        }
        publish(EVENT_MOTION, Map.of(PROPERTY_REGION, region, PROPERTY_ACTIVE, on));
    }

    void setInput(int port, boolean active) {
        setPort(inputs, "input", EVENT_INPUT, port, active);
    }

    void setOutput(int port, boolean active) {
        setPort(outputs, "output", EVENT_OUTPUT, port, active);
    }

    private void setPort(boolean[] ports, String kind, String event, int port, boolean active) {
        check(port, ports.length, kind + " port");
        synchronized (this) {
            if (ports[port - 1] == active) {
                return;
            }
            ports[port - 1] = active;
        }
        publish(event, Map.of(PROPERTY_PORT, kind + port, PROPERTY_ACTIVE, active));
    }

    private void publish(String event, Map<String, Object> properties) {
        // A device whose connection is down cannot tell the server anything.
        if (connected) {
            publishEvent(event, properties);
        }
    }

    private static void check(int number, int count, String what) {
        if (number < 1 || number > count) {
            throw new IllegalArgumentException("There is no " + what + " " + number + "; they are numbered 1 to "
                    + count);
        }
    }

    /** Reports an event of the catalogue, as if the device had detected it. */
    void raiseEvent(String type, Map<String, Object> properties) {
        if (type == null || !SimulatorControl.EVENT_TYPES.contains(type)) {
            throw new IllegalArgumentException("A simulated device raises " + String.join(", ",
                    SimulatorControl.EVENT_TYPES) + ", not " + type);
        }
        Map<String, Object> checked = checkProperties(properties == null ? Map.of() : properties);
        if (!connected) {
            throw new IllegalStateException("The simulated connection of " + device().id()
                    + " is down: the server cannot hear the event");
        }
        publishEvent(type, checked);
    }

    private static Map<String, Object> checkProperties(Map<String, Object> properties) {
        if (properties.size() > SimulatorControl.MAX_EVENT_PROPERTIES) {
            throw new IllegalArgumentException("An event carries at most " + SimulatorControl.MAX_EVENT_PROPERTIES
                    + " properties, not " + properties.size());
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        properties.forEach((name, value) -> {
            if (name == null || !PROPERTY_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Property names are 1 to 64 letters, digits, _ or ., not " + name);
            }
            if (name.equals(EventProperties.DEVICE_ID) || name.equals(EventProperties.DEVICE_NAME)) {
                throw new IllegalArgumentException("The server sets " + name + " itself");
            }
            boolean allowed = value instanceof Boolean || value instanceof Integer || value instanceof Long
                    || value instanceof Double && Double.isFinite((Double) value)
                    || value instanceof String text && text.length() <= LONGEST_TEXT;
            if (!allowed) {
                throw new IllegalArgumentException("Property " + name + " must be text of at most " + LONGEST_TEXT
                        + " characters, a number or a boolean");
            }
            checked.put(name, value);
        });
        return checked;
    }

    /** Drops the connection for a while: the stream stops and the device is not accessible. */
    void dropConnection(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()
                || duration.compareTo(SimulatorControl.LONGEST_DISCONNECTION) > 0) {
            throw new IllegalArgumentException("A simulated disconnection lasts from 1 ms to 1 h, not " + duration);
        }
        runSlice(() -> {
            synchronized (this) {
                if (reconnection != null) {
                    reconnection.cancel(false);
                }
                reconnection = schedule(() -> runSlice(this::reconnect), duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (connected) {
                connected = false;
                encoding = false;
                // The encoder stays open: only the stream stops, as a camera's would.
                fanOut().stopped(STREAM, "connection lost: simulated");
                updateStatus(DeviceStatus.NOT_ACCESSIBLE, "Connection lost (simulated)");
            }
        });
    }

    /** Ends a simulated connection loss now. */
    void reconnectNow() {
        synchronized (this) {
            if (reconnection != null) {
                reconnection.cancel(false);
                reconnection = null;
            }
        }
        runSlice(this::reconnect);
    }

    /** In a slice. */
    private void reconnect() {
        if (connected || upstream() == null) {
            return;
        }
        connected = true;
        keyframeDue = true;
        fanOut().started(STREAM, List.of(parameters));
        updateStatus(DeviceStatus.OK, onlineMessage());
    }

    /** Where the device stands now. */
    synchronized SimulatedDevice snapshot() {
        return new SimulatedDevice(device().id(), device().name(), settings.columns(), settings.rows(), list(motion),
                list(inputs), list(outputs), connected, encoding);
    }

    private static List<Boolean> list(boolean[] values) {
        List<Boolean> list = new ArrayList<>(values.length);
        for (boolean value : values) {
            list.add(value);
        }
        return list;
    }

    // ---- end of life ----

    @Override
    protected void onDispose() {
        whenDisposed.accept(this);
    }

    @Override
    protected void release(H264Encoder encoder) {
        encoder.close();
        encoding = false;
    }

    private DeviceCapabilities describe() {
        StreamDescriptor stream = new StreamDescriptor(STREAM, StreamProfile.HIGH, "h264", settings.width(),
                settings.height(), settings.frameRate());
        CameraDescriptor camera = new CameraDescriptor(device().id(), 1, device().name(), List.of(stream), false);
        List<PortDescriptor> ports = new ArrayList<>();
        for (int i = 1; i <= SimulatorControl.PORTS; i++) {
            ports.add(new PortDescriptor("input" + i, "Input " + i, PortDescriptor.Direction.INPUT));
        }
        for (int i = 1; i <= SimulatorControl.PORTS; i++) {
            ports.add(new PortDescriptor("output" + i, "Output " + i, PortDescriptor.Direction.OUTPUT));
        }
        List<String> events = new ArrayList<>(List.of(EVENT_MOTION, EVENT_INPUT, EVENT_OUTPUT));
        events.addAll(SimulatorControl.EVENT_TYPES);
        return new DeviceCapabilities(List.of(camera), false, ports, false, events, false);
    }
}
