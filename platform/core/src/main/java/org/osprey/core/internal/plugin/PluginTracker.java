package org.osprey.core.internal.plugin;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;
import org.osprey.api.automation.ActionType;
import org.osprey.api.automation.ConditionType;
import org.osprey.api.automation.TriggerType;
import org.osprey.api.data.ExternalDataSource;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DiscoveryProvider;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventPublisher;
import org.osprey.api.event.EventTopics;
import org.osprey.api.export.ExportFormat;
import org.osprey.api.health.HealthCheck;
import org.osprey.api.plugin.Plugin;
import org.osprey.api.plugin.PluginInfo;
import org.osprey.api.plugin.PluginKind;
import org.osprey.api.plugin.PluginRegistry;
import org.osprey.api.search.SearchProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every plugin service of every kind with one service tracker and announces arrivals and
 * departures as events.
 */
@Component
public class PluginTracker implements PluginRegistry {

    /** Each plugin interface and the kind it stands for. */
    static final Map<Class<? extends Plugin>, PluginKind> KINDS = Map.of(
            DeviceDriver.class, PluginKind.DEVICE_DRIVER,
            DiscoveryProvider.class, PluginKind.DISCOVERY_PROVIDER,
            TriggerType.class, PluginKind.TRIGGER_TYPE,
            ConditionType.class, PluginKind.CONDITION_TYPE,
            ActionType.class, PluginKind.ACTION_TYPE,
            SearchProvider.class, PluginKind.SEARCH_PROVIDER,
            ExternalDataSource.class, PluginKind.DATA_SOURCE,
            HealthCheck.class, PluginKind.HEALTH_CHECK,
            ExportFormat.class, PluginKind.EXPORT_FORMAT);

    private final Logger logger = LoggerFactory.getLogger(PluginTracker.class);
    private final EventPublisher events;
    private final ServiceTracker<Object, List<PluginInfo>> tracker;

    @Activate
    public PluginTracker(BundleContext context, @Reference EventPublisher events) throws InvalidSyntaxException {
        this.events = events;
        StringBuilder filter = new StringBuilder("(|");
        KINDS.keySet().forEach(type -> filter.append('(').append(Constants.OBJECTCLASS).append('=')
                .append(type.getName()).append(')'));
        filter.append(')');
        tracker = new ServiceTracker<>(context, context.createFilter(filter.toString()), null) {
            @Override
            public List<PluginInfo> addingService(ServiceReference<Object> reference) {
                Object service = context.getService(reference);
                if (service == null) {
                    return null;
                }
                List<PluginInfo> infos = describe(reference, service);
                infos.forEach(info -> announce(EventTopics.PLUGIN_ADDED, info));
                return infos;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, List<PluginInfo> infos) {
                infos.forEach(info -> announce(EventTopics.PLUGIN_REMOVED, info));
                context.ungetService(reference);
            }
        };
        tracker.open();
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    /** One entry per plugin interface the service implements; a service may be of several kinds. */
    private List<PluginInfo> describe(ServiceReference<Object> reference, Object service) {
        var bundle = reference.getBundle();
        return KINDS.entrySet().stream()
                .filter(e -> e.getKey().isInstance(service))
                .map(e -> safeDescribe((Plugin) service).map(d -> new PluginInfo(e.getValue(), d,
                        bundle.getSymbolicName(), bundle.getVersion().toString())))
                .flatMap(Optional::stream)
                .toList();
    }

    private Optional<org.osprey.api.plugin.PluginDescription> safeDescribe(Plugin plugin) {
        try {
            return Optional.of(plugin.describe());
        } catch (RuntimeException e) {
            logger.error("Plugin {} failed to describe itself and is ignored", plugin.getClass().getName(), e);
            return Optional.empty();
        }
    }

    private void announce(String topic, PluginInfo info) {
        logger.info("{} {} {} from {} {}", topic.endsWith("ADDED") ? "Plugin installed:" : "Plugin removed:",
                info.kind(), info.description().id(), info.bundle(), info.bundleVersion());
        events.publish(topic, Map.of(EventProperties.PLUGIN_KIND, info.kind().name(),
                EventProperties.PLUGIN_ID, info.description().id()));
    }

    @Override
    public List<PluginInfo> plugins() {
        return tracker.getTracked().values().stream()
                .flatMap(List::stream)
                .sorted(Comparator.comparing(PluginInfo::kind).thenComparing(i -> i.description().id()))
                .toList();
    }
}
