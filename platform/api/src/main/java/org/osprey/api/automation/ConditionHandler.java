package org.osprey.api.automation;

import org.osgi.annotation.versioning.ConsumerType;

/** One configured condition of one rule. */
@ConsumerType
public interface ConditionHandler {

    /** Whether the rule may act now on the given trigger data; must return quickly. */
    boolean isSatisfied(TriggerData data);

    /** Releases what the condition holds. */
    default void dispose() {
    }
}
