package org.osprey.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditLog;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.security.AccountKind;
import org.osprey.api.security.AccountRequest;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.Role;

/** Adds a user (asking for the password when not given) or a group. */
@Service
@Command(scope = "osprey", name = "user-add", description = "Adds a user or group")
public class UserAddCommand implements Action {

    @Reference
    private AccountService accounts;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "name", required = true, description = "Account name")
    private String name;

    @Argument(index = 1, name = "role", required = true, description = "ADMINISTRATOR, OPERATOR or VIEWER")
    private Role role;

    @Argument(index = 2, name = "password", description = "Password; asked for when absent")
    private String password;

    @Option(name = "--group", description = "Add a group instead of a user")
    private boolean group;

    @Option(name = "--member-of", multiValued = true, description = "Groups the user belongs to")
    private List<String> groups;

    @Override
    public Object execute() throws Exception {
        String secret = group ? null : password != null ? password : Passwords.ask(session, name);
        if (!group && secret == null) {
            return null;
        }
        try {
            accounts.add(new AccountRequest(name, null, group ? AccountKind.GROUP : AccountKind.USER, role,
                    groups, null, true, secret));
            System.out.println("Added " + (group ? "group " : "user ") + name);
            ConsoleAudit.record(audit, session, AuditActions.USER, name, "account added, role " + role);
        } catch (InvalidConfigurationException e) {
            System.out.println("Not added:");
            e.fieldErrors().forEach((field, message) -> System.out.println("  " + field + ": " + message));
        }
        return null;
    }
}
