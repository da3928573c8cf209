package org.osprey.shell.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditLog;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.DeviceRequest;

/** Adds a device; configuration values are given as key=value and checked by the device type. */
@Service
@Command(scope = "osprey", name = "device-add", description = "Adds a device")
public class DeviceAddCommand implements Action {

    @Reference
    private DeviceRegistry devices;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "type", required = true, description = "Device type id (see osprey:plugins)")
    @Completion(DeviceTypeCompleter.class)
    private String type;

    @Argument(index = 1, name = "name", required = true, description = "Device name")
    private String name;

    @Argument(index = 2, name = "configuration", multiValued = true, description = "Configuration as key=value")
    private List<String> configuration;

    @Option(name = "--disabled", description = "Add the device switched off")
    private boolean disabled;

    @Override
    public Object execute() {
        Map<String, Object> values = new LinkedHashMap<>();
        if (configuration != null) {
            for (String pair : configuration) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    System.out.println("Configuration values are key=value, not: " + pair);
                    return null;
                }
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        try {
            DeviceDefinition added = devices.add(new DeviceRequest(name, type, !disabled, values));
            System.out.println("Added device " + added.id() + " (" + added.name() + ")");
            ConsoleAudit.record(audit, session, AuditActions.CONFIGURATION, added.id(), "device added: " + added.name());
        } catch (InvalidConfigurationException e) {
            System.out.println("Device not added:");
            e.fieldErrors().forEach((field, message) -> System.out.println("  " + field + ": " + message));
        }
        return null;
    }
}
