package org.osprey.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.DeviceStatusInfo;

/** Lists the configured devices with their status. */
@Service
@Command(scope = "osprey", name = "devices", description = "Lists configured devices and their status")
public class DevicesCommand implements Action {

    @Reference
    private DeviceRegistry devices;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Type");
        table.column("Enabled");
        table.column("Status");
        devices.devices().forEach(d -> {
            DeviceStatusInfo status = devices.status(d.id());
            String text = status.message().isEmpty() ? status.status().label()
                    : status.status().label() + ": " + status.message();
            table.addRow().addContent(d.id(), d.name(), d.type(), d.enabled(), text);
        });
        table.print(System.out);
        return null;
    }
}
