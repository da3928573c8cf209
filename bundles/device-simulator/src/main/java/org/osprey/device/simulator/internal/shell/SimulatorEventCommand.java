package org.osprey.device.simulator.internal.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Makes a simulated device report an event of its catalogue. */
@Service
@Command(scope = "osprey", name = "simulator-event", description = "Makes a simulated device raise a device event: tampering, casing, door, temperature or trigger")
public class SimulatorEventCommand extends SimulatorChangeCommand {

    @Argument(index = 1, name = "type", required = true, description = "Event type")
    @Completion(value = StringsCompleter.class, values = {"tampering", "casing", "door", "temperature", "trigger"})
    private String type;

    @Argument(index = 2, name = "properties", multiValued = true,
            description = "name=value pairs; true/false become booleans and plain numbers numbers")
    private List<String> properties;

    @Override
    protected Done change() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String pair : properties == null ? List.<String>of() : properties) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("properties are name=value, not " + pair);
            }
            values.put(pair.substring(0, equals), value(pair.substring(equals + 1)));
        }
        simulator.raiseEvent(device, type, values);
        return new Done("Event " + type + " raised by " + device + (values.isEmpty() ? "" : " with " + values),
                "event " + type + " " + values.keySet());
    }

    @Override
    protected String notDone() {
        return "Not raised";
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
