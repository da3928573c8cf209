package org.osprey.device.simulator.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.security.AuditLog;
import org.osprey.device.simulator.control.SimulatorControl;

/**
 * A console command that changes a simulated device: it delegates to {@link SimulatorControl}, prints what
 * it did and records it in the audit trail, or prints why nothing was done.
 */
abstract class SimulatorChangeCommand implements Action {

    /** What a command did: the line it prints, and the details of its audit entry. */
    record Done(String message, String audited) {
    }

    @Reference
    protected SimulatorControl simulator;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "device", required = true, description = "Simulated device id")
    @Completion(SimulatedDeviceCompleter.class)
    protected String device;

    @Override
    public final Object execute() {
        Done done;
        try {
            done = change();
        } catch (RuntimeException e) {
            System.out.println(notDone() + ": " + e.getMessage());
            return null;
        }
        System.out.println(done.message());
        ConsoleAudit.record(audit, session, device, done.audited());
        return null;
    }

    /**
     * Makes the change.
     *
     * @throws IllegalArgumentException with the reason when the arguments are wrong; whatever the simulator
     *                                  throws is reported the same way
     */
    protected abstract Done change();

    /** How the command says that nothing was done. */
    protected String notDone() {
        return "Not changed";
    }

    /**
     * A typed state: on/off, true/false, active/inactive or up/down.
     *
     * @param expected the two words the command's help names, for the refusal
     * @throws IllegalArgumentException for anything else
     */
    protected static boolean parseState(String text, String expected) {
        return OnOff.parse(text)
                .orElseThrow(() -> new IllegalArgumentException("the state is " + expected + ", not " + text));
    }
}
