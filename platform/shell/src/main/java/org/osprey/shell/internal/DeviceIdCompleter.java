package org.osprey.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osprey.api.device.DeviceRegistry;

/** Completes the ids of configured devices. */
@Service
public class DeviceIdCompleter implements Completer {

    @Reference
    private DeviceRegistry devices;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter strings = new StringsCompleter();
        devices.devices().forEach(d -> strings.getStrings().add(d.id()));
        return strings.complete(session, commandLine, candidates);
    }
}
