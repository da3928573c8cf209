package org.osprey.api.automation;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.plugin.Plugin;

/** A trigger plugin (TRG-*): one service per trigger type. */
@ConsumerType
public interface TriggerType extends Plugin {

    /** Whether triggers of this type are stateful or pulses. */
    TriggerMode mode();

    /**
     * Creates the handler of one configured trigger.
     *
     * @param configuration values validated against {@code describe().configuration()}
     * @param callback      where to report activations
     */
    TriggerHandler create(Map<String, Object> configuration, TriggerCallback callback);
}
