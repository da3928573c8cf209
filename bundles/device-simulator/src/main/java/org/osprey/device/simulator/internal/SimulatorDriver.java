package org.osprey.device.simulator.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.plugin.PluginDescription;
import org.osprey.device.simulator.control.SimulatedDevice;
import org.osprey.device.simulator.control.SimulatorControl;
import org.osprey.sdk.support.UpstreamDeviceHandler;

/**
 * The driver of simulated cameras, and the steering of the ones running: the handlers are created and
 * disposed by the platform, and this component finds them by device id for {@link SimulatorControl}.
 */
@Component(service = {DeviceDriver.class, SimulatorControl.class})
public class SimulatorDriver implements DeviceDriver, SimulatorControl {

    static final String TYPE_ID = "osprey.simulator";

    private static final PluginDescription DESCRIPTION = new PluginDescription(TYPE_ID, "Simulated camera",
            "A camera made in software: H.264 of moving squares in a grid of regions whose motion can be switched "
                    + "on and off, with the time shown, two input and two output ports and device events.",
            ConfigDescription.of(
                    ConfigParameter.choice(SimulatorSettings.CFG_RESOLUTION, "Resolution",
                            SimulatorSettings.DEFAULT_RESOLUTION, SimulatorSettings.RESOLUTIONS),
                    ConfigParameter.integer(SimulatorSettings.CFG_FRAME_RATE, "Frame rate (fps)",
                            SimulatorSettings.DEFAULT_FRAME_RATE, 1, SimulatorSettings.MAX_FRAME_RATE)
                            .withDescription("Every frame costs encoding time on the server: keep it low on "
                                    + "small machines."),
                    ConfigParameter.integer(SimulatorSettings.CFG_BIT_RATE, "Bit rate (kbit/s)",
                            SimulatorSettings.DEFAULT_BIT_RATE_KBPS, 50, 8000),
                    ConfigParameter.choice(SimulatorSettings.CFG_REGIONS, "Regions (columns x rows)",
                            SimulatorSettings.DEFAULT_GRID, SimulatorSettings.GRIDS)
                            .withDescription("Each region has its own moving square; motion is switched per "
                                    + "region."),
                    ConfigParameter.bool(SimulatorSettings.CFG_MOTION, "Motion at start", true)));

    private final Map<String, SimulatorHandler> running = new ConcurrentHashMap<>();

    @Override
    public PluginDescription describe() {
        return DESCRIPTION;
    }

    @Override
    public DeviceHandler createHandler(DeviceContext context) {
        String id = context.device().id();
        SimulatorHandler handler = new SimulatorHandler(context,
                SimulatorSettings.from(context.device().configuration()), UpstreamDeviceHandler::wallClockMicros,
                disposed -> running.remove(id, disposed));
        // A changed configuration may bring the new handler before the old one is disposed; the new one counts.
        running.put(id, handler);
        return handler;
    }

    @Override
    public List<SimulatedDevice> devices() {
        return running.values().stream().map(SimulatorHandler::snapshot)
                .sorted(Comparator.comparing(SimulatedDevice::name).thenComparing(SimulatedDevice::deviceId)).toList();
    }

    @Override
    public Optional<SimulatedDevice> device(String deviceId) {
        return Optional.ofNullable(running.get(deviceId)).map(SimulatorHandler::snapshot);
    }

    @Override
    public void setMotion(String deviceId, int region, boolean on) {
        handler(deviceId).setMotion(region, on);
    }

    @Override
    public void setInput(String deviceId, int port, boolean active) {
        handler(deviceId).setInput(port, active);
    }

    @Override
    public void setOutput(String deviceId, int port, boolean active) {
        handler(deviceId).setOutput(port, active);
    }

    @Override
    public void disconnect(String deviceId, Duration duration) {
        handler(deviceId).dropConnection(duration);
    }

    @Override
    public void reconnect(String deviceId) {
        handler(deviceId).reconnectNow();
    }

    @Override
    public void raiseEvent(String deviceId, String type, Map<String, Object> properties) {
        handler(deviceId).raiseEvent(type, properties);
    }

    private SimulatorHandler handler(String deviceId) {
        SimulatorHandler handler = deviceId == null ? null : running.get(deviceId);
        if (handler == null) {
            throw new DeviceNotFoundException(deviceId);
        }
        return handler;
    }
}
