package org.osprey.core.internal.event;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osprey.api.event.EventPublisher;
import org.osprey.api.event.OspreyEvent;

/**
 * Publishes platform events through OSGi Event Admin, which delivers them asynchronously and in order
 * per publishing thread; {@link SubscriberBridge} hands them to {@link org.osprey.api.event.EventSubscriber}s.
 */
@Component
public class EventBus implements EventPublisher {

    /** Event Admin property that carries the event time in epoch milliseconds. */
    static final String TIME = "osprey.time";

    private final EventAdmin eventAdmin;

    @Activate
    public EventBus(@Reference EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public void publish(String topic, Map<String, Object> properties) {
        Map<String, Object> payload = new HashMap<>(properties);
        payload.put(TIME, System.currentTimeMillis());
        eventAdmin.postEvent(new Event(topic, payload));
    }

    /** The platform event carried by an Event Admin event. */
    static OspreyEvent toOspreyEvent(Event event) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            if (!name.equals(TIME) && !name.equals(org.osgi.service.event.EventConstants.EVENT_TOPIC)) {
                properties.put(name, event.getProperty(name));
            }
        }
        Object time = event.getProperty(TIME);
        Instant when = time instanceof Long millis ? Instant.ofEpochMilli(millis) : Instant.now();
        return new OspreyEvent(event.getTopic(), when, properties);
    }
}
