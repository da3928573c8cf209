package org.osprey.device.simulator.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Sets an input or output port of a simulated device active or inactive. */
abstract class SimulatorPortCommand extends SimulatorChangeCommand {

    @Argument(index = 1, name = "port", required = true, description = "Port number, 1 or 2")
    private int port;

    @Argument(index = 2, name = "state", required = true, description = "on or off (active or inactive)")
    @Completion(value = StringsCompleter.class, values = {"on", "off"})
    private String state;

    @Override
    protected final Done change() {
        boolean active = parseState(state, "on or off");
        set(port, active);
        String what = kind() + port + (active ? " active" : " inactive");
        return new Done(what + " on " + device, what);
    }

    /** {@code input} or {@code output}. */
    protected abstract String kind();

    /** Asks the simulator to set the port. */
    protected abstract void set(int port, boolean active);
}
