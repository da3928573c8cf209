package org.osprey.sample.device.dummy.internal;

import org.osgi.service.component.annotations.Component;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.plugin.PluginDescription;

/** The driver of the dummy device type: the smallest complete device plugin. */
@Component
public class DummyDeviceDriver implements DeviceDriver {

    static final String TYPE_ID = "sample.dummy";
    static final String CFG_ADDRESS = "address";
    static final String CFG_CONNECT_DELAY = "connectDelayMillis";
    static final String CFG_REACHABLE = "reachable";

    private static final PluginDescription DESCRIPTION = new PluginDescription(TYPE_ID, "Dummy device",
            "A device that connects after a delay; for demos and tests.", ConfigDescription.of(
                    ConfigParameter.text(CFG_ADDRESS, "Address", true),
                    ConfigParameter.integer(CFG_CONNECT_DELAY, "Connect delay (ms)", 100, 0, 60_000),
                    ConfigParameter.bool(CFG_REACHABLE, "Reachable", true),
                    ConfigParameter.password("password", "Password", false)));

    @Override
    public PluginDescription describe() {
        return DESCRIPTION;
    }

    @Override
    public DeviceHandler createHandler(DeviceContext context) {
        return new DummyDeviceHandler(context);
    }
}
