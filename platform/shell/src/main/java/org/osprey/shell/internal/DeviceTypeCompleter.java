package org.osprey.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osprey.api.plugin.PluginKind;
import org.osprey.api.plugin.PluginRegistry;

/** Completes the ids of installed device types. */
@Service
public class DeviceTypeCompleter implements Completer {

    @Reference
    private PluginRegistry plugins;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter strings = new StringsCompleter();
        plugins.plugins().stream().filter(p -> p.kind() == PluginKind.DEVICE_DRIVER)
                .forEach(p -> strings.getStrings().add(p.description().id()));
        return strings.complete(session, commandLine, candidates);
    }
}
