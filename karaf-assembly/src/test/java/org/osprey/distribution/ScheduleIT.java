package org.osprey.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.distribution.OspreyServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scheduled continuous recording (REC-03 with SCH-01) on the real distribution: a schedule made through the
 * API limits a simulated camera's continuous recording, editing the schedule turns recording off and on at
 * once, the time outside the schedule is no gap, and a schedule in use cannot be removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleIT {

    private static final String ALL_WEEK = """
            [{"day": "MONDAY", "from": "00:00", "to": "24:00"}, {"day": "TUESDAY", "from": "00:00", "to": "24:00"},
             {"day": "WEDNESDAY", "from": "00:00", "to": "24:00"}, {"day": "THURSDAY", "from": "00:00", "to": "24:00"},
             {"day": "FRIDAY", "from": "00:00", "to": "24:00"}, {"day": "SATURDAY", "from": "00:00", "to": "24:00"},
             {"day": "SUNDAY", "from": "00:00", "to": "24:00"}]""";

    private OspreyServer server;

    @BeforeAll
    void start() throws Exception {
        server = OspreyServer.unpack("schedule");
        server.configure("org.osprey.recording.cfg", "segmentSeconds", "4");
        server.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aScheduleTurnsContinuousRecordingOffAndOnWithoutAGap() throws Exception {
        var added = server.post("/devices", """
                {"name": "Yard", "type": "osprey.simulator", "configuration": {}}""");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String camera = json(added).get("id").asText();

        var bad = server.post("/schedules", """
                {"name": "Office hours", "week": [{"day": "MONDAY", "from": "08:03", "to": "07:00"}]}""");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
        assertThat(json(bad).path("errors").has("week[0].from")).as(bad.body()).isTrue();
        assertThat(json(server.get("/schedules"))).isEmpty();

        var created = server.post("/schedules", """
                {"name": "Office hours", "week": %s}""".formatted(ALL_WEEK));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String schedule = json(created).get("id").asText();
        assertThat(json(created).get("active").asBoolean()).isTrue();
        assertThat(json(created).get("usedBy")).isEmpty();

        String output = server.console("config:property-set -p org.osprey.recording cameraSchedule "
                + camera + "=" + schedule);
        assertThat(output).doesNotContain("Error");
        waitUntil("the schedule is in use", Duration.ofSeconds(30),
                () -> json(get("/schedules/" + schedule)).get("usedBy").toString().contains("camera Yard"));
        var refused = server.delete("/schedules/" + schedule);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("detail").asText()).contains("camera Yard");
        assertThat(server.console("osprey:schedules")).contains("Office hours", "on", "camera Yard");

        Instant began = Instant.now();
        waitUntil("the camera records", Duration.ofSeconds(60), () -> recording(camera).path("recording").asBoolean());
        waitUntil("a few seconds are recorded", Duration.ofSeconds(60), () -> recordedSeconds(camera, began) >= 6);

        var off = server.put("/schedules/" + schedule, """
                {"name": "Office hours", "week": []}""");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(json(off).get("active").asBoolean()).isFalse();
        Instant offAt = Instant.now();
        waitUntil("recording stops outside the schedule", Duration.ofSeconds(30),
                () -> !recording(camera).path("recording").asBoolean());
        assertThat(recording(camera).get("message").asText()).isEqualTo("outside the recording schedule");
        assertThat(recording(camera).path("gap").isNull() || recording(camera).path("gap").isMissingNode()).isTrue();
        Thread.sleep(8_000);
        double recordedWhileOff = recordedSeconds(camera, began);
        Thread.sleep(4_000);
        assertThat(recordedSeconds(camera, began)).as("nothing recorded outside the schedule")
                .isEqualTo(recordedWhileOff);

        var on = server.put("/schedules/" + schedule, """
                {"name": "Office hours", "week": %s}""".formatted(ALL_WEEK));
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        Instant onAt = Instant.now();
        waitUntil("recording resumes within the schedule", Duration.ofSeconds(30),
                () -> recording(camera).path("recording").asBoolean());
        waitUntil("the resumed recording is on the timeline", Duration.ofSeconds(30), () -> {
            JsonNode spans = timeline(camera, began).get("spans");
            return spans.size() > 0
                    && Instant.parse(spans.get(spans.size() - 1).get("start").asText()).isAfter(offAt);
        });

        JsonNode timeline = timeline(camera, began);
        Instant endBeforeOff = null;
        Instant startAfterOn = null;
        for (JsonNode span : timeline.get("spans")) {
            assertThat(span.get("type").asText()).isEqualTo("CONTINUOUS");
            Instant start = Instant.parse(span.get("start").asText());
            Instant end = Instant.parse(span.get("end").asText());
            if (start.isBefore(offAt)) {
                endBeforeOff = end;
            } else if (startAfterOn == null) {
                startAfterOn = start;
            }
        }
        assertThat(endBeforeOff).as("recording ends about when the schedule does")
                .isBetween(offAt.minusSeconds(1), offAt.plusSeconds(5));
        assertThat(startAfterOn).as("and starts again about when it turns on")
                .isBetween(onAt.minusSeconds(1), onAt.plusSeconds(5));
        for (JsonNode gap : timeline.get("gaps")) {
            JsonNode end = gap.get("end");
            assertThat(end == null || end.isNull() ? Instant.now() : Instant.parse(end.asText()))
                    .as("time outside the schedule is no gap: " + gap).isBefore(offAt);
        }
    }

    private JsonNode recording(String camera) {
        return json(get("/cameras/" + camera + "/recording"));
    }

    private JsonNode timeline(String camera, Instant from) {
        return json(get("/cameras/" + camera + "/timeline?from=" + from.minusSeconds(60) + "&to="
                + Instant.now().plusSeconds(60)));
    }

    private double recordedSeconds(String camera, Instant from) {
        double seconds = 0;
        for (JsonNode span : timeline(camera, from).get("spans")) {
            seconds += Duration.between(Instant.parse(span.get("start").asText()),
                    Instant.parse(span.get("end").asText())).toMillis() / 1000.0;
        }
        return seconds;
    }

    private java.net.http.HttpResponse<String> get(String path) {
        try {
            return server.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(250);
        }
    }
}
