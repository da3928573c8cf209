package org.osprey.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives platform events. Register it as a service with the property {@link #TOPICS} naming the topics
 * it wants; the platform delivers on its own thread, so {@link #onEvent} must return quickly.
 */
@ConsumerType
public interface EventSubscriber {

    /** Service property: the topics (a trailing {@code *} is a wildcard) the subscriber receives. */
    String TOPICS = "osprey.event.topics";

    /** One event. */
    void onEvent(OspreyEvent event);
}
