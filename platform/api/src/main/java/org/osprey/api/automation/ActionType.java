package org.osprey.api.automation;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.plugin.Plugin;

/** An action plugin (ACT-*): one service per action type. */
@ConsumerType
public interface ActionType extends Plugin {

    /** How long actions of this type run. */
    ActionDuration duration();

    /** Creates the handler of one configured action. */
    ActionHandler create(Map<String, Object> configuration);
}
