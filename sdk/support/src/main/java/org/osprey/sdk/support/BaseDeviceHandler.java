package org.osprey.sdk.support;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceStatus;

/**
 * A device handler that runs its work on the platform scheduler and cancels every job it started when
 * disposed. Subclasses implement {@link #connect()}, which runs on a scheduler thread right after
 * {@link #initialize()}, and report the outcome with {@link #updateStatus}.
 */
@ConsumerType
public abstract class BaseDeviceHandler implements DeviceHandler {

    private final DeviceContext context;
    private final Set<Future<?>> jobs = ConcurrentHashMap.newKeySet();
    private volatile boolean disposed;

    /** @param context what the platform gave the driver for this device */
    protected BaseDeviceHandler(DeviceContext context) {
        this.context = context;
    }

    /** Schedules {@link #connect()} and returns at once. */
    @Override
    public final void initialize() {
        schedule(this::connectSafely, 0, TimeUnit.MILLISECONDS);
    }

    private void connectSafely() {
        try {
            connect();
        } catch (Exception e) {
            updateStatus(DeviceStatus.NOT_ACCESSIBLE, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * Reaches the device, on a scheduler thread. An exception sets the status
     * {@link DeviceStatus#NOT_ACCESSIBLE} with its message.
     */
    protected abstract void connect() throws Exception;

    /** Cancels every job and then calls {@link #disconnect()}. */
    @Override
    public final void dispose() {
        disposed = true;
        jobs.forEach(job -> job.cancel(true));
        jobs.clear();
        disconnect();
    }

    /** Releases connections; runs on the disposing thread and must return quickly. */
    protected void disconnect() {
    }

    /** Whether {@link #dispose()} was called; long jobs check it between steps. */
    protected boolean isDisposed() {
        return disposed;
    }

    /** The device as configured. */
    protected DeviceDefinition device() {
        return context.device();
    }

    /** The validated configuration of the device. */
    protected Map<String, Object> configuration() {
        return context.device().configuration();
    }

    /** A text configuration value, or the fallback when absent. */
    protected String text(String key, String fallback) {
        Object value = configuration().get(key);
        return value == null ? fallback : value.toString();
    }

    /** A whole-number configuration value, or the fallback when absent. */
    protected long number(String key, long fallback) {
        Object value = configuration().get(key);
        return value instanceof Number n ? n.longValue() : fallback;
    }

    /** A boolean configuration value, or the fallback when absent. */
    protected boolean flag(String key, boolean fallback) {
        Object value = configuration().get(key);
        return value instanceof Boolean b ? b : fallback;
    }

    /** Reports the device's status. */
    protected void updateStatus(DeviceStatus status, String message) {
        if (!disposed) {
            context.updateStatus(status, message);
        }
    }

    /** Publishes a device event. */
    protected void publishEvent(String eventType, Map<String, Object> properties) {
        if (!disposed) {
            context.publishDeviceEvent(eventType, properties);
        }
    }

    /** Runs a job once after a delay; it is cancelled on dispose. */
    protected ScheduledFuture<?> schedule(Runnable job, long delay, TimeUnit unit) {
        return track(context.scheduler().schedule(job, delay, unit));
    }

    /** Runs a job repeatedly with a fixed delay between runs; it is cancelled on dispose. */
    protected ScheduledFuture<?> scheduleWithFixedDelay(Runnable job, long initialDelay, long delay, TimeUnit unit) {
        return track(context.scheduler().scheduleWithFixedDelay(job, initialDelay, delay, unit));
    }

    private ScheduledFuture<?> track(ScheduledFuture<?> future) {
        jobs.removeIf(Future::isDone);
        jobs.add(future);
        if (disposed) {
            future.cancel(true);
        }
        return future;
    }
}
