package org.osprey.device.simulator.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.DeviceRequest;
import org.osprey.api.scheduling.SchedulerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo a fresh server starts with: two simulated cameras and the sample video, added through the
 * device registry when the server has no devices at its first start. A marker in the data folder
 * records that the first start is over, whatever was decided, so devices a user removes never come
 * back. Off unless configured; the distribution switches it on.
 *
 * <p>It waits for both drivers it needs (this bundle's and the prerecorded-video driver) and tries
 * again every few seconds while the registry does not take a device yet.
 */
@Component(configurationPid = DemoDevices.PID, immediate = true)
@Designate(ocd = DemoDevices.Config.class)
public class DemoDevices {

    static final String PID = "org.osprey.device.simulator.demo";
    static final String MARKER = "demo-devices.done";
    static final String FILE_TYPE = "osprey.file";
    static final String SAMPLE = "sample.mkv";
    private static final long RETRY_SECONDS = 2;

    @ObjectClassDefinition(name = "Osprey demo devices")
    public @interface Config {
        @AttributeDefinition(name = "Create demo devices",
                description = "At the first start of a server without devices, adds two simulated cameras and a "
                        + "camera playing the sample video.")
        boolean createDemoDevices() default false;
    }

    /** The demo devices, in the order they are added. */
    static final List<DeviceRequest> DEVICES = List.of(
            new DeviceRequest("Simulated camera 1", SimulatorDriver.TYPE_ID, true,
                    Map.of(SimulatorSettings.CFG_REGIONS, "2x2")),
            new DeviceRequest("Simulated camera 2", SimulatorDriver.TYPE_ID, true,
                    Map.of(SimulatorSettings.CFG_REGIONS, "3x2")),
            new DeviceRequest("Sample video", FILE_TYPE, true, Map.of("file", SAMPLE)));

    private final Logger logger = LoggerFactory.getLogger(DemoDevices.class);
    private final DeviceRegistry registry;
    private final Path marker;
    /** Whether this start is the first one of a server configured for the demo. */
    private final boolean active;
    private final Set<String> drivers = ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> job;
    /** Guarded by this component's monitor. */
    private boolean decided;
    private boolean done;
    private final List<String> added = new ArrayList<>();

    @Activate
    public DemoDevices(@Reference DeviceRegistry registry, @Reference SchedulerService schedulers, Config config) {
        this(registry, schedulers.scheduler(), config.createDemoDevices(),
                Path.of(System.getProperty("karaf.data", "data"), "osprey", MARKER));
    }

    /**
     * @param marker the file that records that the first start is over
     */
    DemoDevices(DeviceRegistry registry, ScheduledExecutorService scheduler, boolean enabled, Path marker) {
        this.registry = registry;
        this.marker = marker;
        this.active = enabled && !Files.exists(marker);
        // The first round a little later: the drivers bind to this component right after it is built.
        this.job = active
                ? scheduler.scheduleWithFixedDelay(this::attempt, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS)
                : null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(DeviceDriver driver) {
        drivers.add(driver.describe().id());
    }

    void removeDriver(DeviceDriver driver) {
        drivers.remove(driver.describe().id());
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /** One round: waits for the drivers, decides once, then adds what is still missing. */
    synchronized void attempt() {
        if (!active) {
            return;
        }
        if (done) {
            // A round that ran before the job was known to this component.
            stop();
            return;
        }
        if (!drivers.containsAll(Set.of(SimulatorDriver.TYPE_ID, FILE_TYPE))) {
            return;
        }
        try {
            if (!decided) {
                decided = true;
                if (!registry.devices().isEmpty()) {
                    finish("the server already had devices at its first start; no demo devices added");
                    return;
                }
            }
            for (DeviceRequest request : DEVICES) {
                if (!added.contains(request.name())) {
                    registry.add(request);
                    added.add(request.name());
                }
            }
            finish("demo devices added: " + String.join(", ", added));
        } catch (InvalidConfigurationException e) {
            // The registry has not seen the driver yet, though this component has: next round.
            logger.debug("Demo devices wait: {}", e.getMessage());
        } catch (RuntimeException e) {
            logger.warn("Demo devices could not be added: {}", e.toString());
        }
    }

    private void finish(String outcome) {
        done = true;
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, Instant.now() + " " + outcome + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            logger.warn("The marker {} could not be written: the demo devices may be offered again at the next "
                    + "start", marker, e);
        }
        logger.info("First start: {}", outcome);
        stop();
    }

    private void stop() {
        ScheduledFuture<?> scheduled = job;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    /** Whether this start's work is over, for tests. */
    synchronized boolean done() {
        return done;
    }
}
