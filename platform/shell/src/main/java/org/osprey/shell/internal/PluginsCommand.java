package org.osprey.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osprey.api.plugin.PluginRegistry;

/** Lists every installed plugin with the bundle that provides it. */
@Service
@Command(scope = "osprey", name = "plugins", description = "Lists installed device drivers, triggers, actions and other plugins")
public class PluginsCommand implements Action {

    @Reference
    private PluginRegistry plugins;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Kind");
        table.column("Id");
        table.column("Name");
        table.column("Bundle");
        table.column("Version");
        plugins.plugins().forEach(p -> table.addRow().addContent(p.kind(), p.description().id(),
                p.description().label(), p.bundle(), p.bundleVersion()));
        table.print(System.out);
        return null;
    }
}
