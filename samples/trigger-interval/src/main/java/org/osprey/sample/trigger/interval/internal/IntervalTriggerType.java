package org.osprey.sample.trigger.interval.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osprey.api.automation.TriggerCallback;
import org.osprey.api.automation.TriggerData;
import org.osprey.api.automation.TriggerHandler;
import org.osprey.api.automation.TriggerMode;
import org.osprey.api.automation.TriggerType;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.plugin.PluginDescription;
import org.osprey.api.scheduling.SchedulerService;

/** A pulse trigger that fires every N seconds: the smallest complete trigger plugin. */
@Component
public class IntervalTriggerType implements TriggerType {

    static final String TYPE_ID = "sample.interval";
    static final String CFG_SECONDS = "seconds";

    private static final PluginDescription DESCRIPTION = new PluginDescription(TYPE_ID, "Interval",
            "Fires at a fixed interval.", ConfigDescription.of(
                    ConfigParameter.integer(CFG_SECONDS, "Interval (s)", 60, 1, 86_400)));

    private final SchedulerService schedulers;

    @Activate
    public IntervalTriggerType(@Reference SchedulerService schedulers) {
        this.schedulers = schedulers;
    }

    @Override
    public PluginDescription describe() {
        return DESCRIPTION;
    }

    @Override
    public TriggerMode mode() {
        return TriggerMode.PULSE;
    }

    @Override
    public TriggerHandler create(Map<String, Object> configuration, TriggerCallback callback) {
        long seconds = ((Number) configuration.getOrDefault(CFG_SECONDS, 60L)).longValue();
        AtomicLong count = new AtomicLong();
        ScheduledFuture<?> job = schedulers.scheduler().scheduleWithFixedDelay(
                () -> callback.activated(new TriggerData("Interval", TYPE_ID, "Every " + seconds + " s", Instant.now(),
                        Map.of("count", count.incrementAndGet()))),
                seconds, seconds, TimeUnit.SECONDS);
        return () -> job.cancel(false);
    }
}
