package org.osprey.api.automation;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.plugin.Plugin;

/** A condition plugin, such as a schedule or an I/O state: one service per condition type. */
@ConsumerType
public interface ConditionType extends Plugin {

    /** Creates the handler of one configured condition. */
    ConditionHandler create(Map<String, Object> configuration);
}
