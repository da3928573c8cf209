package org.osprey.device.simulator.internal.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osprey.api.security.AuditLog;
import org.osprey.device.simulator.control.SimulatorControl;

/** Makes a simulated device report an event of its catalogue. */
@Service
@Command(scope = "osprey", name = "simulator-event", description = "Makes a simulated device raise a device event: tampering, casing, door, temperature or trigger")
public class SimulatorEventCommand implements Action {

    @Reference
    private SimulatorControl simulator;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "device", required = true, description = "Simulated device id")
    @Completion(SimulatedDeviceCompleter.class)
    private String device;

    @Argument(index = 1, name = "type", required = true, description = "Event type")
    @Completion(value = StringsCompleter.class, values = {"tampering", "casing", "door", "temperature", "trigger"})
    private String type;

    @Argument(index = 2, name = "properties", multiValued = true,
            description = "name=value pairs; true/false become booleans and plain numbers numbers")
    private List<String> properties;

    @Override
    public Object execute() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String pair : properties == null ? List.<String>of() : properties) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                System.out.println("Not raised: properties are name=value, not " + pair);
                return null;
            }
            values.put(pair.substring(0, equals), value(pair.substring(equals + 1)));
        }
        try {
            simulator.raiseEvent(device, type, values);
        } catch (RuntimeException e) {
            System.out.println("Not raised: " + e.getMessage());
            return null;
        }
        System.out.println("Event " + type + " raised by " + device + (values.isEmpty() ? "" : " with " + values));
        ConsoleAudit.record(audit, session, device, "event " + type + " " + values.keySet());
        return null;
    }

    /** What a typed value means: a boolean, a whole or decimal number, or text. */
    static Object value(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (text.matches("-?[0-9]{1,18}")) {
            return Long.valueOf(text);
        }
        if (text.matches("-?[0-9]{1,15}\\.[0-9]{1,15}")) {
            return Double.valueOf(text);
        }
        return text;
    }
}
