package org.osprey.shell.internal.jaas;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.osprey.api.security.AccountService;
import org.osprey.api.security.AuthenticationException;

/**
 * Logs console users in against Osprey's accounts, with the same lockout as the API, and admits
 * administrators only, giving them the Karaf roles the console's commands require.
 */
public class AdministratorLoginModule implements LoginModule {

    /** Login-module option carrying the account service. */
    static final String ACCOUNTS_OPTION = "osprey.accounts";
    /** The Karaf roles an Osprey administrator holds in the console. */
    static final List<String> CONSOLE_ROLES = List.of("admin", "manager", "viewer", "systembundles", "ssh");

    private Subject subject;
    private CallbackHandler callbacks;
    private AccountService accounts;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.accounts = (AccountService) options.get(ACCOUNTS_OPTION);
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("Username: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("Cannot ask for credentials: " + e.getMessage());
        }
        char[] secret = password.getPassword();
        if (name.getName() == null || secret == null) {
            throw new FailedLoginException("The username or password is incorrect");
        }
        org.osprey.api.security.Subject user;
        try {
            user = accounts.authenticate(name.getName(), new String(secret), "console");
        } catch (AuthenticationException e) {
            throw new FailedLoginException(e.getMessage());
        } finally {
            password.clearPassword();
        }
        if (!user.isAdministrator()) {
            throw new FailedLoginException("Only administrators may use the console");
        }
        principals.add(new UserPrincipal(user.username()));
        CONSOLE_ROLES.forEach(role -> principals.add(new RolePrincipal(role)));
        return true;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
