package org.osprey.recording.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.event.EventSubscriber;
import org.osprey.api.event.EventTopics;
import org.osprey.api.event.OspreyEvent;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.api.schedule.ScheduleService;
import org.osprey.api.schedule.ScheduleUsage;
import org.osprey.api.schedule.ScheduleUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous recording limited by schedules (REC-03 with SCH-01): tells the engine which cameras' schedules are
 * on, and tells it again at every instant one of the schedules in use turns on or off, or changes. A camera whose
 * schedule is missing is recorded all the time: losing video is worse than recording too much.
 */
@Component(service = { ScheduleUser.class, EventSubscriber.class }, immediate = true,
        property = EventSubscriber.TOPICS + "=" + EventTopics.SCHEDULE_CHANGED)
public class ScheduledRecording implements ScheduleUser, EventSubscriber {

    /** Checked at least this often, so a changed clock or time zone costs a minute at most. */
    static final Duration RECHECK = Duration.ofMinutes(1);

    private final Logger logger = LoggerFactory.getLogger(ScheduledRecording.class);
    private final RecordingEngine engine;
    private final ScheduleService schedules;
    private final SchedulerService schedulers;
    private final DeviceRegistry devices;
    private final Set<String> reportedMissing = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> next;
    private boolean closed;

    @Activate
    public ScheduledRecording(@Reference RecordingEngine engine, @Reference ScheduleService schedules,
            @Reference SchedulerService schedulers, @Reference DeviceRegistry devices) {
        this.engine = engine;
        this.schedules = schedules;
        this.schedulers = schedulers;
        this.devices = devices;
        apply();
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    @Override
    public void onEvent(OspreyEvent event) {
        try {
            schedulers.scheduler().execute(this::apply);
        } catch (RejectedExecutionException e) {
            logger.debug("Schedules not applied: the scheduler is shut down");
        }
    }

    /** Brings every recorder in line with its schedule now, and plans the next look. */
    synchronized void apply() {
        if (closed) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        Instant now = engine.now();
        try {
            engine.applySchedules(this::scheduleOn);
        } catch (RuntimeException e) {
            logger.error("Recording schedules could not be applied", e);
        }
        Duration delay = RECHECK;
        for (String id : schedulesInUse()) {
            try {
                Instant change = schedules.nextChange(id, now).orElse(null);
                if (change != null && Duration.between(now, change).compareTo(delay) < 0) {
                    delay = Duration.between(now, change);
                }
            } catch (NoSuchElementException e) {
                // Reported by scheduleOn; the camera records all the time.
            }
        }
        try {
            next = schedulers.scheduler().schedule(this::apply, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            logger.debug("Schedules not planned: the scheduler is shut down");
        }
    }

    /** Whether a camera's continuous recording schedule is on now; cameras without one are always on. */
    boolean scheduleOn(String cameraId) {
        String id = engine.settings().scheduleOf(cameraId).orElse(null);
        if (id == null) {
            return true;
        }
        try {
            boolean on = schedules.isActive(id, engine.now());
            reportedMissing.remove(id);
            return on;
        } catch (NoSuchElementException e) {
            if (reportedMissing.add(id)) {
                logger.error("Recording schedule {} does not exist; cameras using it are recorded all the time", id);
            }
            return true;
        }
    }

    private Set<String> schedulesInUse() {
        RecordingSettings settings = engine.settings();
        Set<String> ids = new LinkedHashSet<>();
        if (!settings.schedule().isEmpty()) {
            ids.add(settings.schedule());
        }
        settings.cameraSchedule().values().stream().filter(id -> !id.isEmpty()).forEach(ids::add);
        return ids;
    }

    @Override
    public List<ScheduleUsage> scheduleUsages() {
        RecordingSettings settings = engine.settings();
        List<ScheduleUsage> usages = new ArrayList<>();
        if (!settings.schedule().isEmpty() && settings.continuous()) {
            usages.add(new ScheduleUsage(settings.schedule(), "Continuous recording of cameras without a schedule"
                    + " of their own"));
        }
        for (Map.Entry<String, String> entry : settings.cameraSchedule().entrySet()) {
            if (!entry.getValue().isEmpty() && settings.continuous(entry.getKey())) {
                String name = devices.device(entry.getKey()).map(DeviceDefinition::name).orElse(entry.getKey());
                usages.add(new ScheduleUsage(entry.getValue(), "Continuous recording of camera " + name));
            }
        }
        return usages;
    }
}
