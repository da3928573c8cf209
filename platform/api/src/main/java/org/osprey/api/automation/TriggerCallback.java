package org.osprey.api.automation;

import org.osgi.annotation.versioning.ProviderType;

/** How a {@link TriggerHandler} tells its rule that it fired. Thread-safe. */
@ProviderType
public interface TriggerCallback {

    /** The trigger became active (or fired, for a pulse trigger). */
    void activated(TriggerData data);

    /** A stateful trigger is no longer active. */
    void deactivated(TriggerData data);
}
