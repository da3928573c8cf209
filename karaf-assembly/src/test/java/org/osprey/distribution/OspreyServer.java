package org.osprey.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Osprey distribution, unpacked from the build's tar.gz into its own folder, on free loopback
 * ports, started and stopped as a process the way an administrator does.
 */
final class OspreyServer implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String PASSWORD = "it-admin-secret";
    /**
     * How long a started server may take to answer before a test gives up: a bound against a hung start,
     * not a speed claim (bench/startup.sh measures the start-up, about 4 s here), so a machine busy with
     * other work does not fail the tests.
     */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    final int httpPort;
    final int httpsPort;
    final int sshPort;
    /** Trusts only this server's own CA, read from its data folder once the server has made it. */
    private HttpClient http;
    private Process process;
    private Duration lastStartTime;
    private String token;

    private OspreyServer(Path home, int httpPort, int httpsPort, int sshPort) {
        this.home = home;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.sshPort = sshPort;
    }

    /** Unpacks a fresh copy of the distribution under target/it/{name}, with its own ports and admin. */
    static OspreyServer unpack(String name) throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("osprey.distribution",
                "target/org.osprey.distribution-0.1.0.tar.gz")).toAbsolutePath();
        Path base = Path.of("target", "it", name).toAbsolutePath();
        run(List.of("rm", "-rf", base.toString()), Path.of("."));
        Files.createDirectories(base);
        run(List.of("tar", "xzf", tarball.toString(), "-C", base.toString()), base);
        Path home;
        try (var entries = Files.list(base)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        OspreyServer server = new OspreyServer(home, freePort(), freePort(), freePort());
        server.configure();
        return server;
    }

    private void configure() throws IOException {
        replace("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port = 29280",
                "org.osgi.service.http.port = " + httpPort);
        replace("etc/org.osprey.certificates.cfg", "httpPort = 29280", "httpPort = " + httpPort);
        replace("etc/org.osprey.certificates.cfg", "httpsPort = 29204", "httpsPort = " + httpsPort);
        replace("etc/org.apache.karaf.shell.cfg", "sshPort = 8101", "sshPort = " + sshPort);
        // Tests start from an empty server unless they ask for the demo cameras.
        replace("etc/org.osprey.device.simulator.demo.cfg", "createDemoDevices = true", "createDemoDevices = false");
    }

    /** Changes a value of a configuration file under etc/, adding the file or the key when absent. */
    void configure(String file, String key, String value) throws IOException {
        Path path = home.resolve("etc").resolve(file);
        List<String> lines = Files.exists(path) ? new java.util.ArrayList<>(Files.readAllLines(path))
                : new java.util.ArrayList<>();
        lines.removeIf(line -> line.matches("\\s*" + Pattern.quote(key) + "\\s*=.*"));
        lines.add(key + " = " + value);
        Files.write(path, lines);
    }

    private void replace(String file, String from, String to) throws IOException {
        Path path = home.resolve(file);
        String text = Files.readString(path);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " no longer contains '" + from + "'");
        }
        Files.writeString(path, text.replace(from, to));
    }

    /** Starts the server and waits until the API answers, at most {@link #START_TIMEOUT}. */
    OspreyServer start() throws IOException, InterruptedException {
        return start(START_TIMEOUT);
    }

    /** Starts the server and waits until the API answers, at most the given time. */
    OspreyServer start(Duration timeout) throws IOException, InterruptedException {
        long begin = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        // Read only at the very first start: it creates the administrator with this password.
        builder.environment().put("OSPREY_ADMIN_PASSWORD", PASSWORD);
        process = builder.directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()))
                .start();
        long deadline = begin + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + "\n" + logTail());
            }
            try {
                if (http == null && Files.exists(caCertificate())) {
                    http = trustingOwnAuthority();
                }
                if (http != null && anonymous(HttpRequest.newBuilder(api("/system"))).statusCode() == 200) {
                    lastStartTime = Duration.ofNanos(System.nanoTime() - begin);
                    token = login(ADMIN, PASSWORD);
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The API did not answer within " + timeout + "\n" + logTail());
    }

    Duration lastStartTime() {
        return lastStartTime;
    }

    /** Stops the server the way an administrator does, and waits for the process to end. */
    void stop() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        run(List.of(home.resolve("bin/stop").toString()), home);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
        token = null;
    }

    /**
     * Ends the server like a crash: SIGKILL to the launcher and its Java process, so no shutdown hook, flush
     * or deactivation runs.
     */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> java = process.descendants().toList();
        // The launcher first, so it cannot start Java again once Java is gone.
        process.destroyForcibly();
        java.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle handle : java) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("process " + handle.pid() + " did not end after SIGKILL", e);
            }
        }
        process = null;
        token = null;
    }

    /**
     * Restarts the server. The 20 s bound is the acceptance of a first start; a restart inside a busy
     * build gets more room, since it proves persistence, not speed.
     */
    OspreyServer restart() throws IOException, InterruptedException {
        stop();
        return start(Duration.ofSeconds(90));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("data/log/karaf.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no karaf.log: " + e.getMessage() + ")";
        }
    }

    // ---- REST ----

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(path)).GET());
    }

    /** A GET whose answer is binary, such as video, read to its end. */
    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(path)).DELETE());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Sends a request as the administrator, unless it carries its own Authorization header. */
    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        if (token != null && built.headers().firstValue("Authorization").isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true)
                    .header("Authorization", "Bearer " + token).build();
        }
        return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends a request without credentials. */
    HttpResponse<String> anonymous(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends a request as the user of the given bearer token. */
    HttpResponse<String> as(String bearer, HttpRequest.Builder request) throws IOException, InterruptedException {
        return anonymous(request.header("Authorization", "Bearer " + bearer));
    }

    /** Logs in and returns the session token. */
    String login(String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = anonymous(HttpRequest.newBuilder(api("/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("username", username)
                        .put("password", password).toString())));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login of " + username + " failed: " + response.statusCode() + " "
                    + response.body());
        }
        return json(response).get("token").asText();
    }

    URI api(String path) {
        return URI.create("https://127.0.0.1:" + httpsPort + "/api/v1" + path);
    }

    /** The same path on the plain HTTP port. */
    URI plain(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    Path caCertificate() {
        return home.resolve("data/osprey/tls/ca.crt");
    }

    /** An HTTP client that trusts this server's CA and nothing else, with host name checks on. */
    HttpClient trustingOwnAuthority() throws IOException {
        try (var in = Files.newInputStream(caCertificate())) {
            java.security.cert.Certificate ca = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("osprey-ca", ca);
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("ca.crt is not usable: " + e.getMessage(), e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    // ---- console ----

    /** Runs console commands through {@code bin/client} as an administrator; returns what it printed. */
    String console(String... commands) throws IOException, InterruptedException {
        return consoleAs(ADMIN, PASSWORD, 10, commands);
    }

    /** Runs console commands through {@code bin/client} with the given credentials. */
    String consoleAs(String user, String password, int retries, String... commands)
            throws IOException, InterruptedException {
        Path input = Files.createTempFile(home, "commands", ".txt");
        Files.writeString(input, String.join("\n", commands) + "\n");
        Process client = new ProcessBuilder(home.resolve("bin/client").toString(), "-h", "127.0.0.1", "-a",
                Integer.toString(sshPort), "-u", user, "-p", password, "-r", Integer.toString(retries), "-b")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectInput(input.toFile())
                .start();
        byte[] output = client.getInputStream().readAllBytes();
        if (!client.waitFor(120, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("bin/client did not finish");
        }
        Files.delete(input);
        return stripAnsi(new String(output, StandardCharsets.UTF_8));
    }

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*[A-Za-z]");

    static String stripAnsi(String text) {
        Matcher m = ANSI.matcher(text);
        return m.replaceAll("");
    }

    // ---- helpers ----

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
