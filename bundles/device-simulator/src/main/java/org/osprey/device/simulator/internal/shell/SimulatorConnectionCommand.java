package org.osprey.device.simulator.internal.shell;

import java.time.Duration;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osprey.device.simulator.control.SimulatorControl;

/** Drops or restores the connection of a simulated device. */
@Service
@Command(scope = "osprey", name = "simulator-connection", description = "Drops the connection of a simulated device (for some seconds, or until restored) or restores it")
public class SimulatorConnectionCommand extends SimulatorChangeCommand {

    @Argument(index = 1, name = "state", required = true, description = "down drops the connection, up restores it")
    @Completion(value = StringsCompleter.class, values = {"down", "up"})
    private String state;

    @Option(name = "--seconds", description = "How long the connection stays down; until restored (at most 1 h) when left out")
    private Integer seconds;

    @Override
    protected Done change() {
        boolean up = parseState(state, "up or down");
        if (up && seconds != null) {
            throw new IllegalArgumentException("--seconds goes only with down");
        }
        if (up) {
            simulator.reconnect(device);
            return new Done("Connection of " + device + " restored", "connection restored");
        }
        Duration duration = seconds == null ? SimulatorControl.LONGEST_DISCONNECTION : Duration.ofSeconds(seconds);
        simulator.disconnect(device, duration);
        return new Done("Connection of " + device + " down for " + duration.toSeconds() + " s",
                "connection dropped for " + duration.toSeconds() + " s");
    }
}
