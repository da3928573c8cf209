package org.osprey.device.simulator.internal.shell;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osprey.device.simulator.control.SimulatedDevice;
import org.osprey.device.simulator.control.SimulatorControl;

/** Lists the running simulated devices with their motion, ports and connection. */
@Service
@Command(scope = "osprey", name = "simulators", description = "Lists running simulated devices: motion per region, ports, connection")
public class SimulatorsCommand implements Action {

    @Reference
    private SimulatorControl simulator;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Connected");
        table.column("Motion in regions");
        table.column("Active inputs");
        table.column("Active outputs");
        table.column("Encoding");
        for (SimulatedDevice d : simulator.devices()) {
            table.addRow().addContent(d.deviceId(), d.name(), d.connected() ? "yes" : "no",
                    on(d.motion(), "") + " of " + d.columns() + "x" + d.rows(), on(d.inputs(), "input"),
                    on(d.outputs(), "output"), d.encoding() ? "yes" : "no");
        }
        table.print(System.out);
        return null;
    }

    /** The numbers of the switched-on entries, such as "1, 3", or "none". */
    static String on(List<Boolean> states, String prefix) {
        String list = IntStream.range(0, states.size()).filter(states::get).mapToObj(i -> prefix + (i + 1))
                .collect(Collectors.joining(", "));
        return list.isEmpty() ? "none" : list;
    }
}
