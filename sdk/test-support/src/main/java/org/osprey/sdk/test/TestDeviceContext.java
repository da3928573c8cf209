package org.osprey.sdk.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.device.DeviceStatusInfo;

/**
 * A device context for unit tests of device handlers: it records every status and event, and runs jobs
 * on its own single-thread scheduler, shut down by {@link #close()}.
 */
public final class TestDeviceContext implements DeviceContext, AutoCloseable {

    /** An event the handler published. */
    public record DeviceEvent(String type, Map<String, Object> properties) {
    }

    private final DeviceDefinition device;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<DeviceStatusInfo> statuses = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();

    /** A context for a device of the given type and configuration. */
    public TestDeviceContext(String type, Map<String, Object> configuration) {
        this.device = new DeviceDefinition("test-device", "Test device", type, true, configuration);
    }

    @Override
    public DeviceDefinition device() {
        return device;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void updateStatus(DeviceStatus status, String message) {
        statuses.add(new DeviceStatusInfo(status, message, null));
    }

    @Override
    public void publishDeviceEvent(String eventType, Map<String, Object> properties) {
        events.add(new DeviceEvent(eventType, Map.copyOf(properties)));
    }

    /** Every status reported so far, oldest first. */
    public List<DeviceStatusInfo> statuses() {
        return List.copyOf(statuses);
    }

    /** The last status reported, or {@code null}. */
    public DeviceStatus lastStatus() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1).status();
    }

    /** Every event published so far, oldest first. */
    public List<DeviceEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
