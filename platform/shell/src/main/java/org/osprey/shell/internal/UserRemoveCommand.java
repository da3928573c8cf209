package org.osprey.shell.internal;

import java.util.NoSuchElementException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditLog;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.SessionService;

/** Removes a user or group; the last administrator cannot be removed. */
@Service
@Command(scope = "osprey", name = "user-remove", description = "Removes a user or group")
public class UserRemoveCommand implements Action {

    @Reference
    private AccountService accounts;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Reference
    private SessionService sessions;

    @Argument(index = 0, name = "name", required = true, description = "Account name")
    private String name;

    @Override
    public Object execute() {
        try {
            accounts.remove(name);
            sessions.logoutAll(name);
            ConsoleAudit.record(audit, session, AuditActions.USER, name, "account removed");
            System.out.println("Removed " + name);
        } catch (InvalidConfigurationException | NoSuchElementException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
