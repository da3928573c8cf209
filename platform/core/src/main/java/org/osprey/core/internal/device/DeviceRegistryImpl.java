package org.osprey.core.internal.device;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.config.ParameterType;
import org.osprey.api.device.DeviceCapabilities;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.DeviceRequest;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.device.DeviceStatusInfo;
import org.osprey.api.event.EventProperties;
import org.osprey.api.media.MediaSource;
import org.osprey.api.event.EventPublisher;
import org.osprey.api.event.EventTopics;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.api.storage.DatabaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured devices: validates and persists their definitions, and runs one handler per enabled
 * device whose driver is installed. Drivers come and go at runtime; their devices wait in
 * {@link DeviceStatus#DRIVER_MISSING} meanwhile, with their configuration untouched.
 */
@Component
public class DeviceRegistryImpl implements DeviceRegistry {

    static final int MAX_NAME = 200;

    private final Logger logger = LoggerFactory.getLogger(DeviceRegistryImpl.class);
    private final Map<String, DeviceDriver> drivers = new ConcurrentHashMap<>();
    private final Map<String, ManagedDevice> devices = new ConcurrentHashMap<>();
    /** Serialises changes of definitions and handlers; status reports do not take it. */
    private final Object lock = new Object();

    private final EventPublisher events;
    private final SchedulerService schedulers;
    private final DeviceStore store;
    private boolean active;

    /**
     * Loads the stored devices. Their handlers start as their drivers bind, which Declarative Services
     * does right after construction for the drivers already present.
     */
    @Activate
    public DeviceRegistryImpl(@Reference DatabaseService database, @Reference EventPublisher events,
            @Reference SchedulerService schedulers) throws SQLException {
        this.events = events;
        this.schedulers = schedulers;
        this.store = new DeviceStore(database);
        synchronized (lock) {
            for (DeviceDefinition definition : store.loadAll()) {
                ManagedDevice device = new ManagedDevice(definition);
                // Until its driver binds; no event, since nothing has changed for anyone watching.
                device.status = definition.enabled()
                        ? new DeviceStatusInfo(DeviceStatus.DRIVER_MISSING, missing(definition.type()), null)
                        : new DeviceStatusInfo(DeviceStatus.DISABLED, "", null);
                devices.put(definition.id(), device);
            }
            active = true;
        }
        logger.info("{} devices loaded", devices.size());
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            active = false;
            devices.values().forEach(this::stop);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(DeviceDriver driver) {
        String type = driver.describe().id();
        synchronized (lock) {
            DeviceDriver previous = drivers.putIfAbsent(type, driver);
            if (previous != null) {
                logger.warn("Two drivers claim device type {}; keeping {}", type, previous.getClass().getName());
                return;
            }
            if (active) {
                devices.values().stream().filter(d -> d.definition.type().equals(type)).forEach(this::start);
            }
        }
    }

    void removeDriver(DeviceDriver driver) {
        synchronized (lock) {
            String type = driver.describe().id();
            if (!drivers.remove(type, driver)) {
                return;
            }
            devices.values().stream().filter(d -> d.definition.type().equals(type)).forEach(d -> {
                stop(d);
                d.setStatus(DeviceStatus.DRIVER_MISSING, missing(type));
            });
        }
    }

    @Override
    public List<DeviceDefinition> devices() {
        return devices.values().stream().map(d -> d.definition)
                .sorted(Comparator.comparing(DeviceDefinition::name, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(DeviceDefinition::id))
                .toList();
    }

    @Override
    public Optional<DeviceDefinition> device(String id) {
        return Optional.ofNullable(devices.get(id)).map(d -> d.definition);
    }

    @Override
    public DeviceDefinition add(DeviceRequest request) {
        synchronized (lock) {
            Map<String, String> errors = new LinkedHashMap<>();
            String name = checkName(request.name(), errors);
            DeviceDriver driver = checkType(request.type(), errors);
            Map<String, Object> configuration = Map.of();
            if (driver != null) {
                configuration = validate(driver, request.configuration(), Map.of(), errors);
            }
            if (!errors.isEmpty()) {
                throw new InvalidConfigurationException("The device cannot be added: " + errors, errors);
            }
            DeviceDefinition definition = new DeviceDefinition(UUID.randomUUID().toString(), name, request.type(),
                    request.enabled() == null || request.enabled(), configuration);
            persist(() -> store.insert(definition));
            ManagedDevice device = new ManagedDevice(definition);
            devices.put(definition.id(), device);
            publish(EventTopics.DEVICE_ADDED, definition);
            start(device);
            return definition;
        }
    }

    @Override
    public DeviceDefinition update(String id, DeviceRequest request) {
        synchronized (lock) {
            ManagedDevice device = find(id);
            DeviceDefinition old = device.definition;
            Map<String, String> errors = new LinkedHashMap<>();
            String name = request.name() == null ? old.name() : checkName(request.name(), errors);
            String type = request.type() == null ? old.type() : request.type();
            Map<String, Object> configuration = old.configuration();
            if (request.type() != null || request.configuration() != null) {
                DeviceDriver driver = checkType(type, errors);
                if (driver != null) {
                    Map<String, Object> input = request.configuration() == null ? old.configuration()
                            : request.configuration();
                    configuration = validate(driver, input, type.equals(old.type()) ? old.configuration() : Map.of(),
                            errors);
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidConfigurationException("The device cannot be changed: " + errors, errors);
            }
            boolean enabled = request.enabled() == null ? old.enabled() : request.enabled();
            DeviceDefinition updated = new DeviceDefinition(id, name, type, enabled, configuration);
            if (updated.equals(old)) {
                return old;
            }
            persist(() -> store.update(updated));
            boolean restart = !updated.type().equals(old.type()) || updated.enabled() != old.enabled()
                    || !updated.configuration().equals(old.configuration());
            if (restart) {
                stop(device);
            }
            device.definition = updated;
            publish(EventTopics.DEVICE_UPDATED, updated);
            if (restart) {
                start(device);
            }
            return updated;
        }
    }

    @Override
    public void remove(String id) {
        synchronized (lock) {
            ManagedDevice device = find(id);
            stop(device);
            persist(() -> store.delete(id));
            devices.remove(id);
            publish(EventTopics.DEVICE_REMOVED, device.definition);
        }
    }

    @Override
    public DeviceDefinition setEnabled(String id, boolean enabled) {
        return update(id, new DeviceRequest(null, null, enabled, null));
    }

    @Override
    public DeviceStatusInfo status(String id) {
        return find(id).status;
    }

    @Override
    public DeviceCapabilities capabilities(String id) {
        DeviceHandler handler = find(id).handler;
        if (handler == null) {
            return DeviceCapabilities.NONE;
        }
        try {
            return handler.capabilities();
        } catch (RuntimeException e) {
            logger.error("Handler of device {} failed to report capabilities", id, e);
            return DeviceCapabilities.NONE;
        }
    }

    @Override
    public Optional<MediaSource> mediaSource(String id) {
        DeviceHandler handler = find(id).handler;
        if (handler == null) {
            return Optional.empty();
        }
        try {
            return handler.mediaSource();
        } catch (RuntimeException e) {
            logger.error("Handler of device {} failed to report its media", id, e);
            return Optional.empty();
        }
    }

    private ManagedDevice find(String id) {
        ManagedDevice device = id == null ? null : devices.get(id);
        if (device == null) {
            throw new DeviceNotFoundException(id);
        }
        return device;
    }

    private static String checkName(String name, Map<String, String> errors) {
        if (name == null || name.isBlank()) {
            errors.put("name", "is required");
        } else if (name.length() > MAX_NAME) {
            errors.put("name", "must be at most " + MAX_NAME + " characters");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            errors.put("name", "must not contain control characters");
        }
        return name == null ? null : name.strip();
    }

    private DeviceDriver checkType(String type, Map<String, String> errors) {
        if (type == null || type.isBlank()) {
            errors.put("type", "is required");
            return null;
        }
        DeviceDriver driver = drivers.get(type);
        if (driver == null) {
            errors.put("type", "unknown device type; installed types: " + drivers.keySet().stream().sorted().toList());
        }
        return driver;
    }

    /** Validates, keeping stored passwords the caller left out so clients never need to know them. */
    private static Map<String, Object> validate(DeviceDriver driver, Map<String, Object> input,
            Map<String, Object> stored, Map<String, String> errors) {
        Map<String, Object> merged = new HashMap<>(input == null ? Map.of() : input);
        for (ConfigParameter p : driver.describe().configuration().parameters()) {
            if (p.type() == ParameterType.PASSWORD && !merged.containsKey(p.name()) && stored.containsKey(p.name())) {
                merged.put(p.name(), stored.get(p.name()));
            }
        }
        try {
            return ConfigValidator.validate(driver.describe().configuration(), merged);
        } catch (InvalidConfigurationException e) {
            e.fieldErrors().forEach((field, message) -> errors.put("configuration." + field, message));
            return Map.of();
        }
    }

    private void start(ManagedDevice device) {
        if (!active || device.handler != null) {
            return;
        }
        DeviceDefinition definition = device.definition;
        if (!definition.enabled()) {
            device.setStatus(DeviceStatus.DISABLED, "");
            return;
        }
        DeviceDriver driver = drivers.get(definition.type());
        if (driver == null) {
            device.setStatus(DeviceStatus.DRIVER_MISSING, missing(definition.type()));
            return;
        }
        device.setStatus(DeviceStatus.INITIALIZING, "");
        HandlerContext context = new HandlerContext(device, definition);
        try {
            device.context = context;
            device.handler = driver.createHandler(context);
            device.handler.initialize();
        } catch (RuntimeException e) {
            logger.error("Driver {} failed to start device {}", definition.type(), definition.id(), e);
            stop(device);
            device.setStatus(DeviceStatus.NOT_ACCESSIBLE, "The driver failed to start: " + e.getMessage());
        }
    }

    private static String missing(String type) {
        return "No installed driver handles the type " + type;
    }

    private void stop(ManagedDevice device) {
        if (device.context != null) {
            device.context.disposed = true;
            device.context = null;
        }
        DeviceHandler handler = device.handler;
        device.handler = null;
        if (handler != null) {
            try {
                handler.dispose();
            } catch (RuntimeException e) {
                logger.error("Handler of device {} failed to stop", device.definition.id(), e);
            }
        }
    }

    private void publish(String topic, DeviceDefinition definition) {
        events.publish(topic, Map.of(EventProperties.DEVICE_ID, definition.id(),
                EventProperties.DEVICE_NAME, definition.name()));
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private void persist(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            throw new IllegalStateException("The device database could not be written: " + e.getMessage(), e);
        }
    }

    /** A device definition with its running handler and last status. */
    private final class ManagedDevice {
        volatile DeviceDefinition definition;
        volatile DeviceHandler handler;
        volatile HandlerContext context;
        volatile DeviceStatusInfo status = new DeviceStatusInfo(DeviceStatus.INITIALIZING, "", null);

        ManagedDevice(DeviceDefinition definition) {
            this.definition = definition;
        }

        synchronized void setStatus(DeviceStatus value, String message) {
            DeviceStatusInfo previous = status;
            if (previous.status() == value && previous.message().equals(message == null ? "" : message)) {
                return;
            }
            status = new DeviceStatusInfo(value, message, null);
            Map<String, Object> payload = new HashMap<>();
            payload.put(EventProperties.DEVICE_ID, definition.id());
            payload.put(EventProperties.DEVICE_NAME, definition.name());
            payload.put(EventProperties.STATUS, value.name());
            payload.put(EventProperties.PREVIOUS_STATUS, previous.status().name());
            payload.put(EventProperties.MESSAGE, status.message());
            events.publish(EventTopics.DEVICE_STATUS, payload);
        }
    }

    /** What one handler instance sees; it goes deaf once its handler is disposed. */
    private final class HandlerContext implements DeviceContext {
        private final ManagedDevice device;
        private final DeviceDefinition definition;
        volatile boolean disposed;

        HandlerContext(ManagedDevice device, DeviceDefinition definition) {
            this.device = device;
            this.definition = definition;
        }

        @Override
        public DeviceDefinition device() {
            return definition;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return schedulers.ioScheduler();
        }

        @Override
        public void updateStatus(DeviceStatus status, String message) {
            if (disposed) {
                return;
            }
            if (status == DeviceStatus.DISABLED || status == DeviceStatus.DRIVER_MISSING) {
                throw new IllegalArgumentException(status + " is set by the platform, not by handlers");
            }
            device.setStatus(status, message);
        }

        @Override
        public void publishDeviceEvent(String eventType, Map<String, Object> properties) {
            if (disposed) {
                return;
            }
            if (eventType == null || !eventType.matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("device event types are letters, digits and _: " + eventType);
            }
            Map<String, Object> payload = new HashMap<>(properties);
            payload.put(EventProperties.DEVICE_ID, definition.id());
            payload.put(EventProperties.DEVICE_NAME, definition.name());
            events.publish(EventTopics.deviceEvent(eventType), payload);
        }
    }
}
