package org.osprey.api.event;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** Publishes platform events to every matching {@link EventSubscriber}, asynchronously and in order. */
@ProviderType
public interface EventPublisher {

    /** Publishes an event stamped with the current time. */
    void publish(String topic, Map<String, Object> properties);
}
