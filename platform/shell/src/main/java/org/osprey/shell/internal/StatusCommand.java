package org.osprey.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.health.HealthMonitor;
import org.osprey.api.health.HealthReport;
import org.osprey.api.system.SystemInfo;
import org.osprey.api.system.SystemService;

/** Prints the server's identity, uptime, health and device count. */
@Service
@Command(scope = "osprey", name = "status", description = "Shows the server name, version, uptime and health")
public class StatusCommand implements Action {

    @Reference
    private SystemService system;
    @Reference
    private HealthMonitor health;
    @Reference
    private DeviceRegistry devices;

    @Override
    public Object execute() {
        SystemInfo info = system.info();
        HealthReport report = health.check();
        System.out.printf("Server:  %s%nVersion: %s%nUptime:  %s%nHealth:  %s%nDevices: %d%n", info.name(),
                info.version(), Format.duration(info.uptime()), report.status(), devices.devices().size());
        report.results().forEach(r -> System.out.printf("  %-8s %s %s%n", r.status(), r.checkId(), r.message()));
        return null;
    }
}
