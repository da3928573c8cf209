package org.osprey.device.simulator.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Sets an input port of a simulated device active or inactive. */
@Service
@Command(scope = "osprey", name = "simulator-input", description = "Sets an input port of a simulated device active or inactive")
public class SimulatorInputCommand extends SimulatorPortCommand {

    @Override
    protected String kind() {
        return "input";
    }

    @Override
    protected void set(int port, boolean active) {
        simulator.setInput(device, port, active);
    }
}
