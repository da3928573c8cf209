package org.osprey.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditLog;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.device.DeviceRegistry;

/** Removes a device; its recordings are kept under their retention rules. */
@Service
@Command(scope = "osprey", name = "device-remove", description = "Removes a device")
public class DeviceRemoveCommand implements Action {

    @Reference
    private DeviceRegistry devices;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "id", required = true, description = "Device id (see osprey:devices)")
    @Completion(DeviceIdCompleter.class)
    private String id;

    @Override
    public Object execute() {
        try {
            devices.remove(id);
            ConsoleAudit.record(audit, session, AuditActions.CONFIGURATION, id, "device removed");
            System.out.println("Removed device " + id);
        } catch (DeviceNotFoundException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
