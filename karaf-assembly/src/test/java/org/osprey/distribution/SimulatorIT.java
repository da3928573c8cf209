package org.osprey.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.distribution.OspreyServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A simulated camera added to the running distribution through the API and steered through the
 * simulator's endpoints and console commands: a dropped connection shows as the device's status and as a
 * gap in its recording, ports and events change what the device reports, and only administrators steer.
 *
 * <p>The platform has no endpoint or command that lists device events yet; raised events are seen here as
 * accepted by the device (and refused while it is disconnected) and in the audit trail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatorIT {

    private static final String OPERATOR = "sim-operator";
    private static final String OPERATOR_PASSWORD = "sim-operator-password";

    private OspreyServer server;
    private String camera;

    @BeforeAll
    void start() throws Exception {
        server = OspreyServer.unpack("simulator");
        server.start();
        // The API answers before the plugins at later start levels are up.
        waitUntil("the simulator driver is installed", Duration.ofSeconds(60),
                () -> server.get("/plugins").body().contains("\"osprey.simulator\""));
        waitUntil("the simulator endpoints answer", Duration.ofSeconds(60),
                () -> server.get("/simulator/devices").statusCode() == 200);
        HttpResponse<String> added = server.post("/devices", """
                {"name": "Simulated gate", "type": "osprey.simulator",
                 "configuration": {"resolution": "320x180", "frameRate": 5, "regions": "2x2"}}""");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        camera = json(added).get("id").asText();
        HttpResponse<String> operator = server.post("/users", """
                {"name": "%s", "role": "OPERATOR", "password": "%s",
                 "rights": {"cameras": {"%s": ["ACCESS", "PLAYBACK"]}}}""".formatted(OPERATOR, OPERATOR_PASSWORD, camera));
        assertThat(operator.statusCode()).as(operator.body()).isEqualTo(201);
        waitUntil("the simulated camera is OK", Duration.ofSeconds(30), () -> status().equals("OK"));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void onlyAdministratorsSteerAndTheySeeTheSimulatedCamera() throws Exception {
        HttpResponse<String> anonymous = server.anonymous(HttpRequest.newBuilder(server.api("/simulator/devices")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        String basic = "Basic " + Base64.getEncoder().encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> operator = server.anonymous(HttpRequest.newBuilder(
                server.api("/simulator/devices/" + camera + "/connection")).header("Authorization", basic)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"connected\": false}")));
        assertThat(operator.statusCode()).as(operator.body()).isEqualTo(403);
        assertThat(status()).as("nothing changed").isEqualTo("OK");

        JsonNode devices = json(server.get("/simulator/devices"));
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).get("deviceId").asText()).isEqualTo(camera);
        assertThat(devices.get(0).get("name").asText()).isEqualTo("Simulated gate");
        assertThat(devices.get(0).get("motion").toString()).isEqualTo("[true,true,true,true]");
        assertThat(devices.get(0).get("connected").asBoolean()).isTrue();
        assertThat(server.get("/simulator/devices/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aDroppedConnectionMakesTheCameraNotAccessibleAndRestoringItBringsItBack() throws Exception {
        waitUntil("the camera records", Duration.ofSeconds(45),
                () -> json(server.get("/cameras/" + camera + "/recording")).path("recording").asBoolean());
        Thread.sleep(3000);

        HttpResponse<String> dropped = server.put("/simulator/devices/" + camera + "/connection",
                "{\"connected\": false}");
        assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(200);
        assertThat(json(dropped).get("connected").asBoolean()).isFalse();
        waitUntil("the camera is not accessible", Duration.ofSeconds(15), () -> status().equals("NOT_ACCESSIBLE"));
        assertThat(json(server.get("/devices/" + camera)).get("status").get("status").asText())
                .isEqualTo("NOT_ACCESSIBLE");
        Thread.sleep(3000);
        assertThat(status()).as("a loss without a time lasts until restored").isEqualTo("NOT_ACCESSIBLE");

        HttpResponse<String> restored = server.put("/simulator/devices/" + camera + "/connection",
                "{\"connected\": true}");
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        waitUntil("the camera is OK again", Duration.ofSeconds(15), () -> status().equals("OK"));
        waitUntil("the recording shows the loss as a closed gap and goes on", Duration.ofSeconds(45), () -> {
            JsonNode timeline = json(server.get("/cameras/" + camera + "/timeline?from="
                    + Instant.now().minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(60)));
            for (JsonNode gap : timeline.get("gaps")) {
                if (gap.get("cause").asText().equals("CAMERA_LOST") && !gap.path("end").isNull()
                        && timeline.get("spans").size() >= 2) {
                    return true;
                }
            }
            return false;
        });

        HttpResponse<String> timed = server.put("/simulator/devices/" + camera + "/connection",
                "{\"connected\": false, \"seconds\": 2}");
        assertThat(timed.statusCode()).as(timed.body()).isEqualTo(200);
        waitUntil("the camera is not accessible", Duration.ofSeconds(15), () -> status().equals("NOT_ACCESSIBLE"));
        waitUntil("the camera comes back by itself", Duration.ofSeconds(30), () -> status().equals("OK"));
    }

    @Test
    @Order(3)
    void portsMotionAndEventsChangeWhatTheCameraReportsAndAreAudited() throws Exception {
        HttpResponse<String> input = server.put("/simulator/devices/" + camera + "/ports/input1", "{\"active\": true}");
        assertThat(input.statusCode()).as(input.body()).isEqualTo(200);
        HttpResponse<String> motion = server.put("/simulator/devices/" + camera + "/motion",
                "{\"on\": false, \"regions\": [2, 3]}");
        assertThat(motion.statusCode()).as(motion.body()).isEqualTo(200);
        JsonNode state = json(server.get("/simulator/devices/" + camera));
        assertThat(state.get("inputs").toString()).isEqualTo("[true,false]");
        assertThat(state.get("motion").toString()).isEqualTo("[true,false,false,true]");

        HttpResponse<String> event = server.post("/simulator/devices/" + camera + "/events",
                "{\"type\": \"door\", \"properties\": {\"door\": \"Gate\", \"forced\": true}}");
        assertThat(event.statusCode()).as(event.body()).isEqualTo(204);
        HttpResponse<String> badEvent = server.post("/simulator/devices/" + camera + "/events",
                "{\"type\": \"explosion\"}");
        assertThat(badEvent.statusCode()).isEqualTo(400);
        assertThat(json(badEvent).get("errors").has("type")).isTrue();
        HttpResponse<String> badRegion = server.put("/simulator/devices/" + camera + "/motion",
                "{\"on\": true, \"regions\": [1, 9]}");
        assertThat(badRegion.statusCode()).isEqualTo(400);
        assertThat(json(server.get("/simulator/devices/" + camera)).get("motion").toString())
                .as("nothing changed").isEqualTo("[true,false,false,true]");

        // A device whose connection is down cannot report anything.
        server.put("/simulator/devices/" + camera + "/connection", "{\"connected\": false, \"seconds\": 60}");
        HttpResponse<String> unheard = server.post("/simulator/devices/" + camera + "/events", "{\"type\": \"tampering\"}");
        assertThat(unheard.statusCode()).as(unheard.body()).isEqualTo(409);
        server.put("/simulator/devices/" + camera + "/connection", "{\"connected\": true}");
        waitUntil("the camera is OK again", Duration.ofSeconds(15), () -> status().equals("OK"));

        JsonNode audit = json(server.get("/audit?action=simulator"));
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("details").asText()).isEqualTo("input1 active");
            assertThat(e.get("user").asText()).isEqualTo(OspreyServer.ADMIN);
            assertThat(e.get("target").asText()).isEqualTo(camera);
        });
        assertThat(audit).anySatisfy(e -> assertThat(e.get("details").asText()).startsWith("event door"));
        assertThat(audit).noneSatisfy(e -> assertThat(e.get("details").asText()).contains("explosion"));
    }

    @Test
    @Order(4)
    void theConsoleCommandsSteerTheSameCamera() throws Exception {
        String listed = server.console("osprey:simulators");
        assertThat(listed).contains(camera).contains("Simulated gate");

        String printed = server.console("osprey:simulator-input " + camera + " 2 on",
                "osprey:simulator-motion " + camera + " on",
                "osprey:simulator-event " + camera + " tampering kind=tilt degrees=12",
                "osprey:simulator-connection --seconds 120 " + camera + " down");
        assertThat(printed).contains("input2 active on " + camera).contains("Motion on in regions 1, 2, 3, 4")
                .contains("Event tampering raised by " + camera).contains("down for 120 s");
        waitUntil("the camera is not accessible", Duration.ofSeconds(15), () -> status().equals("NOT_ACCESSIBLE"));
        JsonNode state = json(server.get("/simulator/devices/" + camera));
        assertThat(state.get("inputs").toString()).isEqualTo("[true,true]");
        assertThat(state.get("motion").toString()).isEqualTo("[true,true,true,true]");

        assertThat(server.console("osprey:simulator-connection " + camera + " up")).contains("restored");
        waitUntil("the camera is OK again", Duration.ofSeconds(15), () -> status().equals("OK"));
        assertThat(server.console("osprey:simulator-motion " + camera + " off 5")).contains("Not changed")
                .contains("regions 1 to 4, not 5");

        JsonNode audit = json(server.get("/audit?action=simulator"));
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("source").asText()).isEqualTo("console");
            assertThat(e.get("user").asText()).isEqualTo(OspreyServer.ADMIN);
            assertThat(e.get("details").asText()).isEqualTo("input2 active");
        });
    }

    private String status() throws Exception {
        return json(server.get("/devices/" + camera + "/status")).get("status").asText();
    }

    private static void waitUntil(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(250);
        }
    }
}
