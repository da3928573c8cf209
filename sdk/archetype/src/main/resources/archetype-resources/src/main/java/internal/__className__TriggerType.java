#set( $symbol_pound = '#' )
package ${package}.internal;

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

/**
 * The {@value ${symbol_pound}TYPE_ID} trigger type: one service for the type, one handler per rule that uses it. It
 * fires at its configured interval; replace {@link ${symbol_pound}poll} with a look at your source.
 */
@Component
public class ${className}TriggerType implements TriggerType {

    /** The type id rules are stored with; changing it breaks existing rules. */
    static final String TYPE_ID = "${pluginId}";
    static final String CFG_SECONDS = "seconds";

    private static final PluginDescription DESCRIPTION = new PluginDescription(TYPE_ID, "${label}",
            "Fires at a fixed interval.", ConfigDescription.of(
                    ConfigParameter.integer(CFG_SECONDS, "Every (s)", 60, 1, 86_400)));

    private final SchedulerService schedulers;

    /** @param schedulers the platform's shared threads; a plugin never starts its own */
    @Activate
    public ${className}TriggerType(@Reference SchedulerService schedulers) {
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
                () -> poll(count.incrementAndGet(), callback), seconds, seconds, TimeUnit.SECONDS);
        // The rule disposes the handler when it is disabled or deleted; the job must not outlive it.
        return () -> job.cancel(false);
    }

    private static void poll(long count, TriggerCallback callback) {
        callback.activated(new TriggerData("${label}", TYPE_ID, "${label}", Instant.now(), Map.of("count", count)));
    }
}
