package org.osprey.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osprey.api.security.AccountService;

/** Lists users and groups. */
@Service
@Command(scope = "osprey", name = "user-list", description = "Lists users and groups with their roles")
public class UserListCommand implements Action {

    @Reference
    private AccountService accounts;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Kind");
        table.column("Role");
        table.column("Groups");
        table.column("Enabled");
        table.column("Cameras");
        accounts.accounts().forEach(a -> table.addRow().addContent(a.name(), a.kind(), a.role(),
                String.join(",", a.groups()), a.enabled(), a.rights().cameras().size()));
        table.print(System.out);
        return null;
    }
}
