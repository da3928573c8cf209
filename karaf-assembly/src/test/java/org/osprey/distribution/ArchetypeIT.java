package org.osprey.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.osprey.distribution.OspreyServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The SDK as a plugin author uses it: a project generated from the archetype in the local repository,
 * built with Maven on its own, and its KAR hot-installed into and removed from a running server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchetypeIT {

    private static final String ARTIFACT_ID = "acme-door-plugin";
    private static final String VERSION = "1.0.0";
    /** What the archetype derives from the artifactId. */
    private static final String PLUGIN_ID = "acme.door.plugin";
    private static final String KAR_NAME = ARTIFACT_ID + "-" + VERSION;
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUNTIME_TIMEOUT = Duration.ofSeconds(30);

    private final Path work = Path.of("target", "archetype-it").toAbsolutePath();
    private final Path project = work.resolve(ARTIFACT_ID);
    private final Path kar = project.resolve("target").resolve(KAR_NAME + ".kar");
    private OspreyServer server;

    @BeforeAll
    void freshFolder() throws IOException {
        deleteRecursively(work);
        Files.createDirectories(work);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void generatedProjectBuildsABundleAndAKar() throws Exception {
        // The plugin is named in full: offline, Maven cannot resolve the "archetype:" prefix without
        // plugin-group metadata, which a fresh local repository does not have.
        maven(work, "generate", "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate",
                "-DinteractiveMode=false",
                "-DarchetypeGroupId=org.osprey", "-DarchetypeArtifactId=org.osprey.sdk.archetype",
                "-DarchetypeVersion=0.1.0",
                "-DgroupId=com.example.acme", "-DartifactId=" + ARTIFACT_ID, "-Dversion=" + VERSION,
                "-Dpackage=com.example.acme.door", "-Dkind=device");
        assertThat(project.resolve("src/main/feature/feature.xml")).isRegularFile();
        assertThat(project.resolve("src/main/java/com/example/acme/door/internal/AcmeDoorPluginDeviceDriver.java"))
                .isRegularFile();

        maven(project, "verify", "verify");

        assertThat(project.resolve("target/surefire-reports")).isDirectory();
        assertThat(kar).isRegularFile();
        try (ZipFile zip = new ZipFile(kar.toFile())) {
            String repository = "repository/com/example/acme/" + ARTIFACT_ID + "/" + VERSION + "/" + KAR_NAME;
            assertThat(zip.getEntry(repository + ".jar")).as("the bundle in the KAR").isNotNull();
            assertThat(zip.getEntry(repository + "-features.xml")).as("the feature in the KAR").isNotNull();
        }
    }

    @Test
    @Order(2)
    void karHotInstallsIntoARunningServerAndUninstallsCleanly() throws Exception {
        assumeTrue(Files.isRegularFile(kar), "the generated project did not build its KAR");
        server = OspreyServer.unpack("archetype").start();

        String installed = server.console("kar:install file:" + kar.toAbsolutePath());
        assertThat(installed).doesNotContainIgnoringCase("error");
        waitUntil("the plugin is listed by GET /plugins", () -> pluginIds().contains(PLUGIN_ID));
        assertThat(server.console("osprey:plugins")).contains(PLUGIN_ID).contains("DEVICE_DRIVER").contains(ARTIFACT_ID);
        assertThat(server.console("kar:list")).contains(KAR_NAME);

        // The handler runs inside the server: a device pointed at the server's own loopback port goes OK.
        HttpResponse<String> added = server.post("/devices", """
                {"name": "Door", "type": "%s",
                 "configuration": {"address": "127.0.0.1", "port": %d, "pollSeconds": 1}}"""
                .formatted(PLUGIN_ID, server.httpPort));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String device = json(added).get("id").asText();
        waitUntil("the device is OK", () -> deviceStatus(device).equals("OK"));

        String uninstalled = server.console("kar:uninstall " + KAR_NAME);
        assertThat(uninstalled).doesNotContainIgnoringCase("error");
        waitUntil("the plugin is gone from GET /plugins", () -> !pluginIds().contains(PLUGIN_ID));
        assertThat(server.console("kar:list")).doesNotContain(KAR_NAME);
        waitUntil("the device waits for its driver", () -> deviceStatus(device).equals("DRIVER_MISSING"));
        assertThat(server.delete("/devices/" + device).statusCode()).isEqualTo(204);

        HttpResponse<String> system = server.get("/system/status");
        assertThat(system.statusCode()).isEqualTo(200);
        assertThat(json(system).get("health").asText()).isEqualTo("OK");
    }

    private List<String> pluginIds() throws IOException, InterruptedException {
        HttpResponse<String> response = server.get("/plugins");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode plugin : json(response)) {
            ids.add(plugin.get("id").asText());
        }
        return ids;
    }

    private String deviceStatus(String id) throws IOException, InterruptedException {
        return json(server.get("/devices/" + id + "/status")).get("status").asText();
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + RUNTIME_TIMEOUT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + RUNTIME_TIMEOUT + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Runs Maven the way a plugin author does, in its own process. Offline: after the Osprey build every
     * artifact and plugin the generated project needs is in the local repository.
     */
    private static void maven(Path directory, String name, String... arguments) throws Exception {
        String home = System.getProperty("maven.home");
        List<String> command = new ArrayList<>();
        command.add(home == null ? "mvn" : Path.of(home, "bin", "mvn").toString());
        command.addAll(List.of("-B", "-o", "-ntp"));
        // The local repository the Osprey build installed the SDK into, which need not be the default one;
        // failsafe passes it on as "localRepository".
        String repository = System.getProperty("localRepository", System.getProperty("maven.repo.local"));
        if (repository != null) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        command.addAll(List.of(arguments));

        Path log = directory.resolve("maven-" + name + ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(MAVEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("mvn " + name + " did not finish within " + MAVEN_TIMEOUT + "\n" + tail(log));
        }
        assertThat(process.exitValue()).as("mvn %s in %s exited with %d\n%s", name, directory, process.exitValue(),
                tail(log)).isZero();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
