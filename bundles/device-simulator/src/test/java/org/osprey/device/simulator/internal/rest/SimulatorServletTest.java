package org.osprey.device.simulator.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.Rights;
import org.osprey.api.security.Role;
import org.osprey.api.security.Subject;
import org.osprey.device.simulator.control.SimulatedDevice;
import org.osprey.device.simulator.internal.RecordingAuditLog;
import org.osprey.device.simulator.internal.RunningSimulator;
import org.osprey.sdk.test.TestDeviceContext.DeviceEvent;

/** The steering endpoints in front of the real simulator driver with one running simulated camera. */
class SimulatorServletTest {

    private static final Subject ADMIN = new Subject("admin", Role.ADMINISTRATOR, Rights.NONE, "127.0.0.1");
    private static final Subject OPERATOR = new Subject("op", Role.OPERATOR, Rights.NONE, "127.0.0.1");

    private RunningSimulator simulator;
    private SimulatorServlet servlet;
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private String device;

    @BeforeEach
    void start() {
        simulator = new RunningSimulator();
        servlet = new SimulatorServlet(simulator.driver);
        servlet.setAudit(audit);
        device = simulator.deviceId();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private Exchange call(String method, String path, String json) {
        return Exchange.run(servlet, ADMIN, method, path, json);
    }

    private SimulatedDevice state() {
        return simulator.driver.device(device).orElseThrow();
    }

    @Test
    void listsRunningSimulatedDevicesWithTheirState() {
        Exchange answer = call("GET", "/devices", null);

        assertThat(answer.status).as(answer.toString()).isEqualTo(200);
        assertThat(answer.contentType).isEqualTo("application/json");
        assertThat(answer.json()).hasSize(1);
        var listed = answer.json().get(0);
        assertThat(listed.get("deviceId").asText()).isEqualTo(device);
        assertThat(listed.get("columns").asInt()).isEqualTo(2);
        assertThat(listed.get("motion").toString()).isEqualTo("[true,true,true,true]");
        assertThat(listed.get("inputs").toString()).isEqualTo("[false,false]");
        assertThat(listed.get("connected").asBoolean()).isTrue();
        assertThat(call("GET", "/devices/" + device, null).json().get("name").asText()).isEqualTo("Test device");
    }

    @Test
    void anonymousCallersAndNonAdministratorsAreRefusedBeforeAnythingIsLookedAt() {
        List<String[]> operations = List.of(new String[] {"GET", "/devices"},
                new String[] {"GET", "/devices/" + device}, new String[] {"PUT", "/devices/" + device + "/motion"},
                new String[] {"PUT", "/devices/" + device + "/ports/input1"},
                new String[] {"POST", "/devices/" + device + "/events"},
                new String[] {"PUT", "/devices/" + device + "/connection"},
                new String[] {"PUT", "/devices/no-such-device/connection"});
        for (String[] op : operations) {
            String body = op[0].equals("GET") ? null : "{\"connected\": false, \"on\": false, \"active\": true}";
            Exchange anonymous = Exchange.run(servlet, null, op[0], op[1], body);
            assertThat(anonymous.status).as(op[0] + " " + op[1] + " anonymous: " + anonymous).isEqualTo(401);
            assertThat(anonymous.contentType).isEqualTo(SimulatorServlet.PROBLEM_JSON);
            Exchange operator = Exchange.run(servlet, OPERATOR, op[0], op[1], body);
            assertThat(operator.status).as(op[0] + " " + op[1] + " operator: " + operator).isEqualTo(403);
        }
        assertThat(simulator.context.events()).isEmpty();
        assertThat(state().connected()).isTrue();
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void motionIsSwitchedInTheNamedRegionsReportedAndAudited() {
        Exchange answer = call("PUT", "/devices/" + device + "/motion", "{\"on\": false, \"regions\": [2, 4]}");

        assertThat(answer.status).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("motion").toString()).isEqualTo("[true,false,true,false]");
        assertThat(state().motion()).containsExactly(true, false, true, false);
        assertThat(simulator.context.events()).containsExactly(
                new DeviceEvent("motion", Map.of("region", 2, "active", false)),
                new DeviceEvent("motion", Map.of("region", 4, "active", false)));
        AuditEntry entry = audit.entries.get(0);
        assertThat(entry.user()).isEqualTo("admin");
        assertThat(entry.action()).isEqualTo(SimulatorServlet.AUDIT_ACTION);
        assertThat(entry.target()).isEqualTo(device);
        assertThat(entry.details()).isEqualTo("motion off in regions 2, 4");

        assertThat(call("PUT", "/devices/" + device + "/motion", "{\"on\": false}").json().get("motion").toString())
                .as("all regions when none are named").isEqualTo("[false,false,false,false]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"on\": false, \"regions\": [1, 5]}     | regions   | has regions 1 to 4, not 5",
        "{\"on\": false, \"regions\": [0]}        | regions   | not 0",
        "{\"on\": false, \"regions\": []}         | regions   | at least one region",
        "{\"on\": false, \"regions\": [1.5]}      | regions.[0] | Wrong type",
        "{\"on\": \"false\"}                      | on        | Wrong type",
        "{\"regions\": [1]}                       | on        | on is required",
        "{\"on\": false, \"speed\": 3}            | speed     | Unknown field speed",
    })
    void invalidMotionChangesAreRefusedWithTheFieldAndChangeNothing(String body, String field, String message) {
        Exchange answer = call("PUT", "/devices/" + device + "/motion", body);

        assertThat(answer.status).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType).isEqualTo(SimulatorServlet.PROBLEM_JSON);
        assertThat(answer.json().get("detail").asText()).contains(message);
        assertThat(answer.json().get("errors").has(field)).as(answer.toString()).isTrue();
        assertThat(state().motion()).containsOnly(true);
        assertThat(simulator.context.events()).isEmpty();
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void malformedMissingForeignAndOversizedBodiesAreRefused() {
        String motion = "/devices/" + device + "/motion";
        Exchange malformed = call("PUT", motion, "{\"on\": fal");
        assertThat(malformed.status).isEqualTo(400);
        assertThat(malformed.json().get("detail").asText()).startsWith("Malformed JSON");
        assertThat(call("PUT", motion, "[true]").json().get("detail").asText()).isEqualTo("The body must be a JSON object");
        assertThat(call("PUT", motion, null).json().get("detail").asText()).isEqualTo("A JSON body is required");
        assertThat(call("PUT", motion, "{\"on\": false} {}").status).as("trailing tokens").isEqualTo(400);
        Exchange text = Exchange.run(servlet, ADMIN, "PUT", motion, "text/plain",
                "{\"on\": false}".getBytes(StandardCharsets.UTF_8));
        assertThat(text.status).isEqualTo(415);
        byte[] huge = ("{\"on\": false, \"regions\": [" + "1, ".repeat(30_000) + "1]}").getBytes(StandardCharsets.UTF_8);
        Exchange tooLarge = Exchange.run(servlet, ADMIN, "PUT", motion, "application/json", huge);
        assertThat(tooLarge.status).isEqualTo(413);
        assertThat(state().motion()).containsOnly(true);
        assertThat(simulator.context.events()).isEmpty();
    }

    @Test
    void unknownDevicesPortsPathsAndMethodsAreTold() {
        Exchange unknown = call("PUT", "/devices/nobody/motion", "{\"on\": false}");
        assertThat(unknown.status).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).isEqualTo("No simulated device with id nobody");
        assertThat(call("GET", "/devices/nobody", null).status).isEqualTo(404);
        Exchange port = call("PUT", "/devices/" + device + "/ports/input3", "{\"active\": true}");
        assertThat(port.status).isEqualTo(404);
        assertThat(port.json().get("detail").asText()).contains("has no port input3");
        assertThat(call("PUT", "/devices/" + device + "/ports/relay", "{\"active\": true}").status).isEqualTo(404);
        assertThat(call("GET", "/devices/" + device + "/zoom", null).status).isEqualTo(404);
        assertThat(call("GET", "/", null).status).isEqualTo(404);
        assertThat(call("GET", "/devices//motion", null).status).isEqualTo(404);
        Exchange method = call("DELETE", "/devices/" + device, null);
        assertThat(method.status).isEqualTo(405);
        assertThat(method.headers).containsEntry("Allow", "GET");
        assertThat(Exchange.run(servlet, ADMIN, "GET", "/devices/%2e%2e", null).status).isEqualTo(400);
        assertThat(simulator.context.events()).isEmpty();
    }

    @Test
    void portsAreSetByTheirIdAndReported() {
        Exchange input = call("PUT", "/devices/" + device + "/ports/input2", "{\"active\": true}");
        assertThat(input.status).as(input.toString()).isEqualTo(200);
        assertThat(input.json().get("inputs").toString()).isEqualTo("[false,true]");
        Exchange output = call("PUT", "/devices/" + device + "/ports/output1", "{\"active\": true}");
        assertThat(output.json().get("outputs").toString()).isEqualTo("[true,false]");
        assertThat(call("PUT", "/devices/" + device + "/ports/input2", "{}").status).isEqualTo(400);

        assertThat(simulator.context.events()).containsExactly(
                new DeviceEvent("input", Map.of("port", "input2", "active", true)),
                new DeviceEvent("output", Map.of("port", "output1", "active", true)));
        assertThat(audit.entries).extracting(AuditEntry::details).containsExactly("input2 active", "output1 active");
    }

    @Test
    void eventsOfTheCatalogueAreRaisedWithTheirProperties() {
        Exchange raised = call("POST", "/devices/" + device + "/events",
                "{\"type\": \"door\", \"properties\": {\"door\": \"Main entrance\", \"forced\": true, \"seconds\": 12}}");

        assertThat(raised.status).as(raised.toString()).isEqualTo(204);
        assertThat(raised.body.size()).isZero();
        assertThat(simulator.context.events()).containsExactly(
                new DeviceEvent("door", Map.of("door", "Main entrance", "forced", true, "seconds", 12)));
        assertThat(call("POST", "/devices/" + device + "/events", "{\"type\": \"trigger\"}").status).isEqualTo(204);
        assertThat(audit.entries).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"explosion\"}                                         | type       | not explosion",
        "{\"properties\": {}}                                              | type       | type is required",
        "{\"type\": \"motion\"}                                            | type       | not motion",
        "{\"type\": \"door\", \"properties\": {\"door\": {\"id\": 1}}}     | properties | must be text",
        "{\"type\": \"door\", \"properties\": {\"door\": null}}            | properties | must be text",
        "{\"type\": \"door\", \"properties\": {\"deviceId\": \"other\"}}   | properties | sets deviceId itself",
        "{\"type\": \"door\", \"properties\": {\"a b\": 1}}                | properties | not a b",
        "{\"type\": \"door\", \"properties\": []}                          | properties | Wrong type",
    })
    void invalidEventsAreRefusedAndNothingIsReported(String body, String field, String message) {
        Exchange answer = call("POST", "/devices/" + device + "/events", body);

        assertThat(answer.status).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("detail").asText()).contains(message);
        assertThat(answer.json().get("errors").has(field)).as(answer.toString()).isTrue();
        assertThat(simulator.context.events()).isEmpty();
    }

    @Test
    void aDroppedConnectionMakesTheDeviceNotAccessibleUntilItIsRestored() {
        Exchange dropped = call("PUT", "/devices/" + device + "/connection", "{\"connected\": false, \"seconds\": 600}");
        assertThat(dropped.status).as(dropped.toString()).isEqualTo(200);
        assertThat(dropped.json().get("connected").asBoolean()).isFalse();
        assertThat(simulator.context.lastStatus()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE);

        Exchange unheard = call("POST", "/devices/" + device + "/events", "{\"type\": \"tampering\"}");
        assertThat(unheard.status).as("the server cannot hear a disconnected device").isEqualTo(409);
        assertThat(simulator.context.events()).isEmpty();

        Exchange restored = call("PUT", "/devices/" + device + "/connection", "{\"connected\": true}");
        assertThat(restored.status).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().get("connected").asBoolean()).isTrue();
        assertThat(simulator.context.lastStatus()).isEqualTo(DeviceStatus.OK);
        assertThat(audit.entries).extracting(AuditEntry::details)
                .containsExactly("connection dropped for 600 s", "connection restored");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"connected\": false, \"seconds\": 0}    | seconds   | lasts 1 to 3600 seconds, not 0",
        "{\"connected\": false, \"seconds\": 3601} | seconds   | not 3601",
        "{\"connected\": true, \"seconds\": 5}     | seconds   | only with connected false",
        "{\"seconds\": 5}                          | connected | connected is required",
        "{\"connected\": 0}                        | connected | Wrong type",
    })
    void invalidConnectionChangesAreRefused(String body, String field, String message) {
        Exchange answer = call("PUT", "/devices/" + device + "/connection", body);

        assertThat(answer.status).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("detail").asText()).contains(message);
        assertThat(answer.json().get("errors").has(field)).as(answer.toString()).isTrue();
        assertThat(state().connected()).isTrue();
        assertThat(simulator.context.lastStatus()).isEqualTo(DeviceStatus.OK);
    }

    @Test
    void withoutAnAuditTrailChangesStillWork() {
        servlet.setAudit(null);
        assertThat(call("PUT", "/devices/" + device + "/ports/input1", "{\"active\": true}").status).isEqualTo(200);
        assertThat(state().inputs()).containsExactly(true, false);
    }
}
