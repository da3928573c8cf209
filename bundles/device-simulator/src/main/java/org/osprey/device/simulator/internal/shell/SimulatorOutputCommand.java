package org.osprey.device.simulator.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Sets an output port of a simulated device active or inactive. */
@Service
@Command(scope = "osprey", name = "simulator-output", description = "Sets an output port of a simulated device active or inactive")
public class SimulatorOutputCommand extends SimulatorPortCommand {

    @Override
    protected String kind() {
        return "output";
    }

    @Override
    protected void set(int port, boolean active) {
        simulator.setOutput(device, port, active);
    }
}
