package org.osprey.api.automation;

import org.osgi.annotation.versioning.ConsumerType;

/** One configured action of one rule. */
@ConsumerType
public interface ActionHandler {

    /** The rule became active; runs on a scheduler thread. */
    void start(TriggerData data) throws Exception;

    /** The rule is no longer active; only called for {@link ActionDuration#WHILE_ACTIVE} actions. */
    default void stop(TriggerData data) throws Exception {
    }

    /** Releases what the action holds. */
    default void dispose() {
    }
}
