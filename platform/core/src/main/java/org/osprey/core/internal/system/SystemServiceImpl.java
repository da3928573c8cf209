package org.osprey.core.internal.system;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.health.HealthMonitor;
import org.osprey.api.system.SystemInfo;
import org.osprey.api.system.SystemService;

/** The server's name, version, uptime and health. */
@Component(configurationPid = "org.osprey.system")
@Designate(ocd = SystemServiceImpl.Config.class)
public class SystemServiceImpl implements SystemService {

    @ObjectClassDefinition(name = "Osprey server")
    public @interface Config {
        @AttributeDefinition(name = "Server name", description = "Empty: the host name.")
        String name() default "";
    }

    private final HealthMonitor health;
    private final String version;
    private final Instant startedAt = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    private volatile String name;

    @Activate
    public SystemServiceImpl(BundleContext context, @Reference HealthMonitor health, Config config) {
        this.health = health;
        this.version = context.getBundle().getVersion().toString();
        modified(config);
    }

    @Modified
    void modified(Config config) {
        name = config.name().isBlank() ? hostName() : config.name();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "osprey";
        }
    }

    @Override
    public SystemInfo info() {
        Instant now = Instant.now();
        return new SystemInfo(name, version, startedAt, Duration.between(startedAt, now), health.check().status());
    }
}
