#set( $symbol_pound = '#' )
package ${package}.internal;

import org.osgi.service.component.annotations.Component;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.plugin.PluginDescription;

/**
 * The driver of the {@value ${symbol_pound}TYPE_ID} device type: one service for the type, one
 * {@link ${className}DeviceHandler} per configured device.
 */
@Component
public class ${className}DeviceDriver implements DeviceDriver {

    /** The type id devices are stored with; changing it orphans existing devices. */
    static final String TYPE_ID = "${pluginId}";
    static final String CFG_ADDRESS = "address";
    static final String CFG_PORT = "port";
    static final String CFG_POLL_SECONDS = "pollSeconds";

    private static final PluginDescription DESCRIPTION = new PluginDescription(TYPE_ID, "${label}",
            "A device that is online while it accepts connections on its port.", ConfigDescription.of(
                    ConfigParameter.text(CFG_ADDRESS, "Address", true)
                            .withDescription("Host name or IP address of the device"),
                    ConfigParameter.integer(CFG_PORT, "Port", 80, 1, 65_535),
                    ConfigParameter.integer(CFG_POLL_SECONDS, "Check every (s)", 30, 1, 3_600)));

    @Override
    public PluginDescription describe() {
        return DESCRIPTION;
    }

    @Override
    public DeviceHandler createHandler(DeviceContext context) {
        return new ${className}DeviceHandler(context);
    }
}
