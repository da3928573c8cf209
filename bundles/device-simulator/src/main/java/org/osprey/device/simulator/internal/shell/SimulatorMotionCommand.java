package org.osprey.device.simulator.internal.shell;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osprey.device.simulator.control.SimulatedDevice;

/** Starts or stops the moving objects of a simulated camera, in some regions or all. */
@Service
@Command(scope = "osprey", name = "simulator-motion", description = "Switches motion of a simulated camera on or off, in the given regions or all")
public class SimulatorMotionCommand extends SimulatorChangeCommand {

    @Argument(index = 1, name = "state", required = true, description = "on or off")
    @Completion(value = StringsCompleter.class, values = {"on", "off"})
    private String state;

    @Argument(index = 2, name = "regions", multiValued = true,
            description = "Region numbers, row by row from the top left; all regions when left out")
    private List<Integer> regions;

    @Override
    protected Done change() {
        boolean on = parseState(state, "on or off");
        SimulatedDevice found = simulator.device(device)
                .orElseThrow(() -> new IllegalArgumentException("no simulated device with id " + device));
        int count = found.columns() * found.rows();
        List<Integer> chosen = regions == null || regions.isEmpty()
                ? IntStream.rangeClosed(1, count).boxed().toList() : regions;
        // All or nothing: every region is checked before the first one changes.
        Optional<Integer> wrong = chosen.stream().filter(r -> r < 1 || r > count).findFirst();
        if (wrong.isPresent()) {
            throw new IllegalArgumentException(device + " has regions 1 to " + count + ", not " + wrong.get());
        }
        chosen.forEach(region -> simulator.setMotion(device, region, on));
        String list = chosen.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return new Done("Motion " + state + " in region" + (chosen.size() == 1 ? " " : "s ") + list + " of " + device,
                "motion " + state + " in regions " + list);
    }
}
