package org.osprey.device.simulator.internal.shell;

import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osprey.api.security.AuditLog;
import org.osprey.device.simulator.control.SimulatorControl;

/** Sets an output port of a simulated device active or inactive. */
@Service
@Command(scope = "osprey", name = "simulator-output", description = "Sets an output port of a simulated device active or inactive")
public class SimulatorOutputCommand implements Action {

    @Reference
    private SimulatorControl simulator;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "device", required = true, description = "Simulated device id")
    @Completion(SimulatedDeviceCompleter.class)
    private String device;

    @Argument(index = 1, name = "port", required = true, description = "Port number, 1 or 2")
    private int port;

    @Argument(index = 2, name = "state", required = true, description = "on or off (active or inactive)")
    @Completion(value = StringsCompleter.class, values = {"on", "off"})
    private String state;

    @Override
    public Object execute() {
        Optional<Boolean> active = OnOff.parse(state);
        if (active.isEmpty()) {
            System.out.println("Not changed: the state is on or off, not " + state);
            return null;
        }
        try {
            simulator.setOutput(device, port, active.get());
        } catch (RuntimeException e) {
            System.out.println("Not changed: " + e.getMessage());
            return null;
        }
        String what = "output" + port + (active.get() ? " active" : " inactive");
        System.out.println(what + " on " + device);
        ConsoleAudit.record(audit, session, device, what);
        return null;
    }
}
