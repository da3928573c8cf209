package org.osprey.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.distribution.OspreyServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The built distribution as an administrator uses it: started from its tar.gz, driven through the REST
 * API and {@code bin/client}, restarted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {

    private OspreyServer server;

    @BeforeAll
    void start() throws Exception {
        server = OspreyServer.unpack("distribution").start();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void systemEndpointsAnswerWithIdentityUptimeAndHealth() throws Exception {
        HttpResponse<String> response = server.anonymous(HttpRequest.newBuilder(server.api("/system")));
        assertThat(response.statusCode()).as("public").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonNode system = json(response);
        assertThat(system.get("version").asText()).isEqualTo("0.1.0");
        assertThat(system.get("name").asText()).isNotBlank();
        assertThat(system.has("certificateId")).isTrue();
        assertThat(system.has("health")).as("the public answer is minimal").isFalse();

        JsonNode status = json(server.get("/system/status"));
        assertThat(status.get("health").asText()).isEqualTo("OK");
        assertThat(status.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    @Order(2)
    void openApiDocumentIsServed() throws Exception {
        JsonNode doc = json(server.get("/openapi.json"));
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").has("/devices/{id}")).isTrue();
    }

    @Test
    @Order(3)
    void consoleListsPluginsAndFeatures() throws Exception {
        String plugins = server.console("osprey:plugins");
        assertThat(plugins).contains("HEALTH_CHECK").contains("osprey.health.diskspace")
                .contains("org.osprey.health.diskspace");

        String features = server.console("feature:list");
        assertThat(features).contains("osprey-platform").contains("osprey-health-diskspace")
                .contains("osprey-sample-device-dummy").contains("osprey-sample-trigger-interval")
                .contains("osprey-sample-action-log");

        String status = server.console("osprey:status");
        assertThat(status).contains("Version: 0.1.0").contains("Health:  OK");
    }

    @Test
    @Order(4)
    void devicesAddedThroughRestAndConsoleSurviveARestart() throws Exception {
        assertThat(server.console("feature:install osprey-sample-device-dummy")).doesNotContain("Error");

        HttpResponse<String> added = server.post("/devices", """
                {"name": "Entrance", "type": "sample.dummy",
                 "configuration": {"address": "10.1.2.3", "connectDelayMillis": 50, "password": "s3cret"}}""");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String restId = json(added).get("id").asText();
        assertThat(json(added).get("configuration").has("password")).as("passwords are never returned").isFalse();
        assertThat(added.body()).doesNotContain("s3cret");

        String consoleOutput = server.console("osprey:device-add sample.dummy Loading-dock address=10.9.9.9 reachable=false");
        assertThat(consoleOutput).contains("Added device");
        String consoleId = consoleOutput.replaceAll("(?s).*Added device (\\S+).*", "$1");

        server.restart();

        JsonNode rest = json(server.get("/devices/" + restId));
        assertThat(rest.get("name").asText()).isEqualTo("Entrance");
        assertThat(rest.get("configuration").get("address").asText()).isEqualTo("10.1.2.3");
        assertThat(rest.get("configuration").get("connectDelayMillis").asLong()).isEqualTo(50);
        JsonNode dock = json(server.get("/devices/" + consoleId));
        assertThat(dock.get("name").asText()).isEqualTo("Loading-dock");
        assertThat(dock.get("configuration").get("reachable").asBoolean()).isFalse();

        waitForStatus(restId, "OK");
        waitForStatus(consoleId, "NOT_ACCESSIBLE");
        assertThat(server.console("osprey:devices")).contains("Entrance").contains("Loading-dock")
                .contains("Not accessible: No answer from 10.9.9.9");

        // The stored password was kept across the restart and an update that left it out.
        HttpResponse<String> renamed = server.put("/devices/" + restId, "{\"name\": \"Main entrance\"}");
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(json(renamed).get("name").asText()).isEqualTo("Main entrance");

        assertThat(server.console("osprey:device-remove " + consoleId)).contains("Removed device");
        assertThat(server.get("/devices/" + consoleId).statusCode()).isEqualTo(404);
    }

    private void waitForStatus(String id, String expected) throws Exception {
        String last = "";
        for (int i = 0; i < 100; i++) {
            last = json(server.get("/devices/" + id + "/status")).get("status").asText();
            if (last.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(last).as("status of " + id).isEqualTo(expected);
    }

    @Test
    @Order(5)
    void badInputOnEveryWriteEndpointIsA4xxProblemAndChangesNothing() throws Exception {
        String id = json(server.post("/devices", """
                {"name": "Probe", "type": "sample.dummy", "configuration": {"address": "10.0.0.9"}}""")).get("id").asText();
        JsonNode before = definitions();

        Map<String, String> bodies = Map.of(
                "malformed JSON", "{\"name\": \"x\", ",
                "not an object", "[1, 2]",
                "wrong type for name", "{\"name\": 5, \"type\": \"sample.dummy\", \"configuration\": {\"address\": \"a\"}}",
                "wrong type for enabled", "{\"name\": \"x\", \"type\": \"sample.dummy\", \"enabled\": \"yes\", \"configuration\": {\"address\": \"a\"}}",
                "wrong type in configuration", "{\"name\": \"x\", \"type\": \"sample.dummy\", \"configuration\": {\"address\": \"a\", \"connectDelayMillis\": \"soon\"}}",
                "configuration not an object", "{\"name\": \"x\", \"type\": \"sample.dummy\", \"configuration\": \"address=a\"}",
                "unknown field", "{\"name\": \"x\", \"type\": \"sample.dummy\", \"colour\": \"red\"}",
                "unknown device type", "{\"name\": \"x\", \"type\": \"acme.nothing\", \"configuration\": {}}",
                "out of range", "{\"name\": \"x\", \"type\": \"sample.dummy\", \"configuration\": {\"address\": \"a\", \"connectDelayMillis\": -1}}",
                "SQL in a name", "{\"name\": \"x'); DROP TABLE osprey_device; --\", \"type\": \"acme.none\"}");

        List<String> failures = new ArrayList<>();
        for (var entry : bodies.entrySet()) {
            expectProblem(failures, "POST " + entry.getKey(), server.post("/devices", entry.getValue()));
            expectProblem(failures, "PUT " + entry.getKey(), server.put("/devices/" + id, entry.getValue()));
        }
        expectProblem(failures, "POST missing name",
                server.post("/devices", "{\"type\": \"sample.dummy\", \"configuration\": {\"address\": \"a\"}}"));
        expectProblem(failures, "POST missing required configuration",
                server.post("/devices", "{\"name\": \"x\", \"type\": \"sample.dummy\", \"configuration\": {}}"));
        expectProblem(failures, "POST empty body", server.post("/devices", ""));
        expectProblem(failures, "PUT unknown device", server.put("/devices/no-such-id", "{\"name\": \"x\"}"));
        expectProblem(failures, "POST text/plain", server.send(HttpRequest.newBuilder(server.api("/devices"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))));

        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) 'a');
        HttpResponse<String> huge = server.send(HttpRequest.newBuilder(server.api("/devices"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(tenMegabytes)));
        expectProblem(failures, "POST 10 MB body", huge);
        assertThat(huge.statusCode()).isEqualTo(413);

        assertThat(failures).isEmpty();
        assertThat(definitions()).as("nothing was persisted or changed").isEqualTo(before);
        assertThat(server.get("/system/status").statusCode()).as("the server keeps serving").isEqualTo(200);
        assertThat(server.delete("/devices/" + id).statusCode()).isEqualTo(204);
    }

    /** The stored definitions of all devices, without their ever-changing status. */
    private JsonNode definitions() throws Exception {
        JsonNode devices = json(server.get("/devices"));
        devices.forEach(d -> ((com.fasterxml.jackson.databind.node.ObjectNode) d).remove("status"));
        return devices;
    }

    private static void expectProblem(List<String> failures, String what, HttpResponse<String> response) {
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (status < 400 || status > 499) {
            failures.add(what + ": status " + status + " " + response.body());
            return;
        }
        if (!type.startsWith("application/problem+json")) {
            failures.add(what + ": content type " + type);
            return;
        }
        JsonNode problem = json(response);
        if (problem.path("status").asInt() != status || problem.path("title").asText().isEmpty()) {
            failures.add(what + ": problem body " + response.body());
        }
    }
}
