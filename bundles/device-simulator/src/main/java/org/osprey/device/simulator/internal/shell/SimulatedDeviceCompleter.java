package org.osprey.device.simulator.internal.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osprey.device.simulator.control.SimulatorControl;

/** Completes the ids of running simulated devices. */
@Service
public class SimulatedDeviceCompleter implements Completer {

    @Reference
    private SimulatorControl simulator;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter strings = new StringsCompleter();
        simulator.devices().forEach(d -> strings.getStrings().add(d.deviceId()));
        return strings.complete(session, commandLine, candidates);
    }
}
