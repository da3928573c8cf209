package org.osprey.api.automation;

import org.osgi.annotation.versioning.ConsumerType;

/** One configured trigger of one rule; subscribes to its source on creation. */
@ConsumerType
public interface TriggerHandler {

    /** Unsubscribes and cancels every job; the callback is not called afterwards. */
    void dispose();
}
