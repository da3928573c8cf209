package org.osprey.device.simulator.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.security.AuditEntry;
import org.osprey.device.simulator.control.SimulatedDevice;
import org.osprey.device.simulator.internal.RecordingAuditLog;
import org.osprey.device.simulator.internal.RunningSimulator;
import org.osprey.sdk.test.TestDeviceContext.DeviceEvent;

/** The console commands against the real simulator driver with one running simulated camera. */
class SimulatorCommandsTest {

    private RunningSimulator simulator;
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final Session session = mock(Session.class);
    private String device;

    @BeforeEach
    void start() {
        simulator = new RunningSimulator();
        device = simulator.deviceId();
        when(session.get("USER")).thenReturn("admin");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** Runs a command with its fields set as Karaf would, and returns what it printed. */
    private String run(Action command, Map<String, Object> fields) throws Exception {
        inject(command, "simulator", simulator.driver);
        inject(command, "audit", audit);
        inject(command, "session", session);
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            inject(command, field.getKey(), field.getValue());
        }
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(console);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static void inject(Object target, String name, Object value) throws Exception {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                field.set(target, value);
                return;
            } catch (NoSuchFieldException notHere) {
                // a command without this field
            }
        }
    }

    private SimulatedDevice state() {
        return simulator.driver.device(device).orElseThrow();
    }

    @Test
    void simulatorsListsTheDevicesWithTheirState() throws Exception {
        simulator.driver.setInput(device, 2, true);
        simulator.driver.setMotion(device, 3, false);

        String printed = run(new SimulatorsCommand(), Map.of());

        assertThat(printed).contains(device).contains("Test device").contains("1, 2, 4 of 2x2").contains("input2")
                .contains("none");
    }

    @Test
    void motionIsSwitchedInTheGivenRegionsOrAllAndAudited() throws Exception {
        String printed = run(new SimulatorMotionCommand(), Map.of("device", device, "state", "off",
                "regions", List.of(1, 3)));

        assertThat(printed).contains("Motion off in regions 1, 3 of " + device);
        assertThat(state().motion()).containsExactly(false, true, false, true);
        assertThat(audit.entries).extracting(AuditEntry::user, AuditEntry::source, AuditEntry::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("admin", "console", "simulator"));

        run(new SimulatorMotionCommand(), Map.of("device", device, "state", "on"));
        assertThat(state().motion()).containsOnly(true);
    }

    @Test
    void aWrongRegionOrStateChangesNothing() throws Exception {
        assertThat(run(new SimulatorMotionCommand(), Map.of("device", device, "state", "off", "regions", List.of(1, 7))))
                .contains("Not changed").contains("regions 1 to 4, not 7");
        assertThat(run(new SimulatorMotionCommand(), Map.of("device", device, "state", "maybe")))
                .contains("Not changed: the state is on or off");
        assertThat(run(new SimulatorMotionCommand(), Map.of("device", "nobody", "state", "off")))
                .contains("no simulated device with id nobody");
        assertThat(state().motion()).containsOnly(true);
        assertThat(simulator.context.events()).isEmpty();
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void portsAreSetAndReported() throws Exception {
        assertThat(run(new SimulatorInputCommand(), Map.of("device", device, "port", 1, "state", "on")))
                .contains("input1 active on " + device);
        assertThat(run(new SimulatorOutputCommand(), Map.of("device", device, "port", 2, "state", "on")))
                .contains("output2 active");
        assertThat(run(new SimulatorInputCommand(), Map.of("device", device, "port", 3, "state", "on")))
                .contains("Not changed: There is no input port 3");

        assertThat(state().inputs()).containsExactly(true, false);
        assertThat(state().outputs()).containsExactly(false, true);
        assertThat(simulator.context.events()).containsExactly(
                new DeviceEvent("input", Map.of("port", "input1", "active", true)),
                new DeviceEvent("output", Map.of("port", "output2", "active", true)));
        assertThat(audit.entries).hasSize(2);
    }

    @Test
    void eventsAreRaisedWithTypedProperties() throws Exception {
        String printed = run(new SimulatorEventCommand(), Map.of("device", device, "type", "temperature",
                "properties", List.of("sensor=housing", "celsius=71.5", "above=true", "zone=3")));

        assertThat(printed).contains("Event temperature raised by " + device);
        assertThat(simulator.context.events()).containsExactly(new DeviceEvent("temperature",
                Map.of("sensor", "housing", "celsius", 71.5, "above", true, "zone", 3L)));
        assertThat(run(new SimulatorEventCommand(), Map.of("device", device, "type", "flood")))
                .contains("Not raised").contains("not flood");
        assertThat(run(new SimulatorEventCommand(), Map.of("device", device, "type", "door",
                "properties", List.of("=open")))).contains("Not raised: properties are name=value");
        assertThat(simulator.context.events()).hasSize(1);
    }

    @Test
    void theConnectionIsDroppedAndRestored() throws Exception {
        assertThat(run(new SimulatorConnectionCommand(), Map.of("device", device, "state", "down", "seconds", 300)))
                .contains("down for 300 s");
        assertThat(state().connected()).isFalse();
        assertThat(simulator.context.lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE);
        assertThat(run(new SimulatorEventCommand(), Map.of("device", device, "type", "casing")))
                .contains("Not raised").contains("cannot hear");

        assertThat(run(new SimulatorConnectionCommand(), Map.of("device", device, "state", "up", "seconds", 3)))
                .contains("--seconds goes only with down");
        assertThat(state().connected()).isFalse();
        assertThat(run(new SimulatorConnectionCommand(), Map.of("device", device, "state", "up")))
                .contains("restored");
        assertThat(state().connected()).isTrue();
        assertThat(simulator.context.lastStatus()).isEqualTo(DeviceStatus.OK);
        assertThat(audit.entries).extracting(AuditEntry::details)
                .containsExactly("connection dropped for 300 s", "connection restored");
    }

    @Test
    void withoutTheAuditTrailCommandsStillWork() throws Exception {
        SimulatorInputCommand command = new SimulatorInputCommand();
        run(command, Map.of("device", device, "port", 2, "state", "on"));
        audit.entries.clear();
        inject(command, "audit", null);
        PrintStream console = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            inject(command, "state", "off");
            command.execute();
        } finally {
            System.setOut(console);
        }
        assertThat(state().inputs()).containsExactly(false, false);
    }
}
