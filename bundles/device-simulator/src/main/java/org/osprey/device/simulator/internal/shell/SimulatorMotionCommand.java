package org.osprey.device.simulator.internal.shell;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osprey.api.security.AuditLog;
import org.osprey.device.simulator.control.SimulatedDevice;
import org.osprey.device.simulator.control.SimulatorControl;

/** Starts or stops the moving objects of a simulated camera, in some regions or all. */
@Service
@Command(scope = "osprey", name = "simulator-motion", description = "Switches motion of a simulated camera on or off, in the given regions or all")
public class SimulatorMotionCommand implements Action {

    @Reference
    private SimulatorControl simulator;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "device", required = true, description = "Simulated device id")
    @Completion(SimulatedDeviceCompleter.class)
    private String device;

    @Argument(index = 1, name = "state", required = true, description = "on or off")
    @Completion(value = StringsCompleter.class, values = {"on", "off"})
    private String state;

    @Argument(index = 2, name = "regions", multiValued = true,
            description = "Region numbers, row by row from the top left; all regions when left out")
    private List<Integer> regions;

    @Override
    public Object execute() {
        Optional<Boolean> on = OnOff.parse(state);
        if (on.isEmpty()) {
            System.out.println("Not changed: the state is on or off, not " + state);
            return null;
        }
        Optional<SimulatedDevice> found = simulator.device(device);
        if (found.isEmpty()) {
            System.out.println("Not changed: no simulated device with id " + device);
            return null;
        }
        int count = found.get().columns() * found.get().rows();
        List<Integer> chosen = regions == null || regions.isEmpty()
                ? IntStream.rangeClosed(1, count).boxed().toList() : regions;
        // All or nothing: every region is checked before the first one changes.
        Optional<Integer> wrong = chosen.stream().filter(r -> r < 1 || r > count).findFirst();
        if (wrong.isPresent()) {
            System.out.println("Not changed: " + device + " has regions 1 to " + count + ", not " + wrong.get());
            return null;
        }
        try {
            chosen.forEach(region -> simulator.setMotion(device, region, on.get()));
        } catch (RuntimeException e) {
            System.out.println("Not changed: " + e.getMessage());
            return null;
        }
        String list = chosen.stream().map(String::valueOf).collect(Collectors.joining(", "));
        System.out.println("Motion " + state + " in region" + (chosen.size() == 1 ? " " : "s ") + list + " of " + device);
        ConsoleAudit.record(audit, session, device, "motion " + state + " in regions " + list);
        return null;
    }
}
