package org.osprey.api.media;

import org.osgi.annotation.versioning.ConsumerType;

/** An open subscription to a stream; closing it stops delivery to its sink. */
@ConsumerType
public interface MediaSubscription extends AutoCloseable {

    /** Stops delivery; idempotent. */
    @Override
    void close();
}
