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
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.SessionService;

/** Sets a user's password and ends the user's sessions. */
@Service
@Command(scope = "osprey", name = "user-passwd", description = "Sets a user's password")
public class UserPasswdCommand implements Action {

    @Reference
    private AccountService accounts;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private SessionService sessions;

    @Reference
    private Session session;

    @Argument(index = 0, name = "name", required = true, description = "User name")
    private String name;

    @Argument(index = 1, name = "password", description = "New password; asked for when absent")
    private String password;

    @Override
    public Object execute() throws Exception {
        String secret = password != null ? password : Passwords.ask(session, name);
        if (secret == null) {
            return null;
        }
        try {
            accounts.setPassword(name, secret);
            sessions.logoutAll(name);
            ConsoleAudit.record(audit, session, AuditActions.USER, name, "password changed");
            System.out.println("Password of " + name + " changed");
        } catch (InvalidConfigurationException e) {
            e.fieldErrors().forEach((field, message) -> System.out.println(field + ": " + message));
        } catch (NoSuchElementException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
