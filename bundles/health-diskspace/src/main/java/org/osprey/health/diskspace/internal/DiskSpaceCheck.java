package org.osprey.health.diskspace.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.health.HealthCheck;
import org.osprey.api.health.HealthResult;
import org.osprey.api.health.HealthStatus;
import org.osprey.api.plugin.PluginDescription;

/** Warns when the file system of the server's data folder runs short of space. */
@Component(configurationPid = "org.osprey.health.diskspace")
@Designate(ocd = DiskSpaceCheck.Config.class)
public class DiskSpaceCheck implements HealthCheck {

    static final String ID = "osprey.health.diskspace";

    @ObjectClassDefinition(name = "Osprey disk space check")
    public @interface Config {
        @AttributeDefinition(name = "Folder", description = "Empty: the server's data folder.")
        String folder() default "";

        @AttributeDefinition(name = "Warning below (%)", min = "0", max = "100")
        int warningPercent() default 10;

        @AttributeDefinition(name = "Critical below (%)", min = "0", max = "100")
        int criticalPercent() default 3;
    }

    private volatile Path folder;
    private volatile int warningPercent;
    private volatile int criticalPercent;

    @Activate
    public DiskSpaceCheck(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        folder = Path.of(config.folder().isBlank() ? System.getProperty("karaf.data", ".") : config.folder());
        warningPercent = config.warningPercent();
        criticalPercent = config.criticalPercent();
    }

    @Override
    public PluginDescription describe() {
        return new PluginDescription(ID, "Disk space", "Free space of the server's data folder.", null);
    }

    @Override
    public HealthResult check() {
        try {
            FileStore store = Files.getFileStore(folder);
            return evaluate(store.getUsableSpace(), store.getTotalSpace());
        } catch (IOException e) {
            return new HealthResult(ID, HealthStatus.CRITICAL, folder + " cannot be read: " + e.getMessage());
        }
    }

    HealthResult evaluate(long usable, long total) {
        double percent = total == 0 ? 0 : usable * 100.0 / total;
        String message = String.format("%s: %.1f %% free (%d MiB)", folder, percent, usable / (1024 * 1024));
        HealthStatus status = percent < criticalPercent ? HealthStatus.CRITICAL
                : percent < warningPercent ? HealthStatus.WARNING : HealthStatus.OK;
        return new HealthResult(ID, status, message);
    }
}
