package org.osprey.core.internal.event;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osprey.api.event.EventSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one Event Admin handler per {@link EventSubscriber} service, with the subscriber's topics,
 * so Event Admin does the matching and ordering and plugins never see its API.
 */
@Component
public class SubscriberBridge {

    private final Logger logger = LoggerFactory.getLogger(SubscriberBridge.class);
    private final Map<EventSubscriber, ServiceRegistration<EventHandler>> handlers = new ConcurrentHashMap<>();
    private final Map<EventSubscriber, Map<String, Object>> pending = new ConcurrentHashMap<>();
    private volatile BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        pending.forEach(this::register);
        pending.clear();
    }

    @Deactivate
    void deactivate() {
        context = null;
        handlers.values().forEach(ServiceRegistration::unregister);
        handlers.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSubscriber(EventSubscriber subscriber, Map<String, Object> properties) {
        if (context == null) {
            pending.put(subscriber, properties);
        } else {
            register(subscriber, properties);
        }
    }

    void removeSubscriber(EventSubscriber subscriber) {
        pending.remove(subscriber);
        ServiceRegistration<EventHandler> registration = handlers.remove(subscriber);
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it while stopping our bundle
            }
        }
    }

    private void register(EventSubscriber subscriber, Map<String, Object> properties) {
        String[] topics = topics(properties.get(EventSubscriber.TOPICS));
        if (topics.length == 0) {
            logger.warn("Event subscriber {} declares no {} property and receives nothing",
                    subscriber.getClass().getName(), EventSubscriber.TOPICS);
            return;
        }
        Dictionary<String, Object> handlerProperties = new Hashtable<>();
        handlerProperties.put(EventConstants.EVENT_TOPIC, topics);
        EventHandler handler = event -> subscriber.onEvent(EventBus.toOspreyEvent(event));
        handlers.put(subscriber, context.registerService(EventHandler.class, handler, handlerProperties));
    }

    private static String[] topics(Object value) {
        if (value instanceof String s) {
            return new String[] {s};
        }
        if (value instanceof String[] array) {
            return array;
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection.stream().map(Object::toString).toArray(String[]::new);
        }
        return new String[0];
    }
}
