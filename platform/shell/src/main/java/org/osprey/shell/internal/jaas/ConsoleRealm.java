package org.osprey.shell.internal.jaas;

import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osprey.api.security.AccountService;

/**
 * Replaces Karaf's {@code karaf} realm, which the console's SSH server and {@code bin/client} use, with
 * Osprey's own accounts: only Osprey administrators get into the console, and no Karaf account is needed.
 */
@Component(service = JaasRealm.class)
public class ConsoleRealm implements JaasRealm {

    /** The realm name the SSH server is configured with (sshRealm in etc/org.apache.karaf.shell.cfg). */
    static final String NAME = "karaf";
    /** Above the rank of the properties-file realm Karaf registers under the same name. */
    static final int RANK = 100;

    private final AppConfigurationEntry[] entries;

    @Activate
    public ConsoleRealm(BundleContext context, @Reference AccountService accounts) {
        Map<String, Object> options = Map.of(
                ProxyLoginModule.PROPERTY_MODULE, AdministratorLoginModule.class.getName(),
                ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()),
                AdministratorLoginModule.ACCOUNTS_OPTION, accounts);
        entries = new AppConfigurationEntry[] {
            new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED, options)
        };
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return RANK;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries.clone();
    }
}
