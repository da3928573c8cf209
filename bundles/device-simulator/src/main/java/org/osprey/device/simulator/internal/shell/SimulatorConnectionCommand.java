package org.osprey.device.simulator.internal.shell;

import java.time.Duration;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osprey.api.security.AuditLog;
import org.osprey.device.simulator.control.SimulatorControl;

/** Drops or restores the connection of a simulated device. */
@Service
@Command(scope = "osprey", name = "simulator-connection", description = "Drops the connection of a simulated device (for some seconds, or until restored) or restores it")
public class SimulatorConnectionCommand implements Action {

    @Reference
    private SimulatorControl simulator;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "device", required = true, description = "Simulated device id")
    @Completion(SimulatedDeviceCompleter.class)
    private String device;

    @Argument(index = 1, name = "state", required = true, description = "down drops the connection, up restores it")
    @Completion(value = StringsCompleter.class, values = {"down", "up"})
    private String state;

    @Option(name = "--seconds", description = "How long the connection stays down; until restored (at most 1 h) when left out")
    private Integer seconds;

    @Override
    public Object execute() {
        Optional<Boolean> up = OnOff.parse(state);
        if (up.isEmpty()) {
            System.out.println("Not changed: the state is up or down, not " + state);
            return null;
        }
        if (up.get() && seconds != null) {
            System.out.println("Not changed: --seconds goes only with down");
            return null;
        }
        try {
            if (up.get()) {
                simulator.reconnect(device);
                System.out.println("Connection of " + device + " restored");
                ConsoleAudit.record(audit, session, device, "connection restored");
            } else {
                Duration duration = seconds == null ? SimulatorControl.LONGEST_DISCONNECTION : Duration.ofSeconds(seconds);
                simulator.disconnect(device, duration);
                System.out.println("Connection of " + device + " down for " + duration.toSeconds() + " s");
                ConsoleAudit.record(audit, session, device, "connection dropped for " + duration.toSeconds() + " s");
            }
        } catch (RuntimeException e) {
            System.out.println("Not changed: " + e.getMessage());
        }
        return null;
    }
}
