package org.osprey.sdk.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test cameras on 127.0.0.1: GStreamer's RTSP server run by Debian's python3 with the script shipped in
 * this jar, serving {@code /h264}, {@code /h265}, {@code /mjpeg}, {@code /h264-audio} and
 * {@code /h264-g711}. It is a hard requirement of the tests that use it: when GStreamer or python3-gi is
 * missing they fail and say so (scripts/install-packages.sh installs them).
 */
public final class RtspTestServer implements AutoCloseable {

    private static final Path PYTHON = Paths.get("/usr/bin/python3");
    private static final Pattern READY = Pattern.compile("READY rtsp://127\\.0\\.0\\.1:(\\d+)");
    private static final long START_TIMEOUT_MILLIS = 15_000;

    private final Process process;
    private final ExecutorService readers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "rtsp-test-server-output");
        t.setDaemon(true);
        return t;
    });
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final int port;

    private RtspTestServer(List<String> command) throws IOException, InterruptedException {
        process = new ProcessBuilder(command).start();
        readers.execute(() -> collect(process.inputReader(StandardCharsets.UTF_8), output));
        readers.execute(() -> collect(process.errorReader(StandardCharsets.UTF_8), errors));
        port = awaitReady();
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param port    TCP port, 0 for a free one
     * @param options further options of the script, such as {@code --credentials}
     */
    public static RtspTestServer start(int port, String... options) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: the RTSP tests need Debian's python3 with python3-gi "
                    + "(run scripts/install-packages.sh)");
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script().toString(),
                Integer.toString(port)));
        command.addAll(List.of(options));
        return new RtspTestServer(command);
    }

    /** The script, copied out of this jar so python can run it. */
    private static Path script() throws IOException {
        Path copy = Files.createTempFile("rtsp-test-server", ".py");
        copy.toFile().deleteOnExit();
        try (var in = RtspTestServer.class.getResourceAsStream("rtsp-test-server.py")) {
            if (in == null) {
                return fail("rtsp-test-server.py is missing from the test-support jar");
            }
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    private static <T> T fail(String message) {
        throw new AssertionError(message);
    }

    private int awaitReady() throws InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            for (String line : output) {
                Matcher matcher = READY.matcher(line);
                if (matcher.matches()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            if (!process.isAlive()) {
                Thread.sleep(100);
                return fail("The RTSP test server exited with " + process.exitValue()
                        + " before listening. GStreamer's RTSP server through python3-gi is required "
                        + "(scripts/install-packages.sh). Its output: " + String.join("\n", errors));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        return fail("The RTSP test server did not listen within " + START_TIMEOUT_MILLIS + " ms: "
                + String.join("\n", errors));
    }

    private static void collect(BufferedReader reader, List<String> lines) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** The URL of a mount such as {@code /h264}. */
    public String url(String mount) {
        return "rtsp://127.0.0.1:" + port + mount;
    }

    /** How many RTSP connections were opened so far. */
    public long connections() {
        return output.stream().filter(l -> l.startsWith("CLIENT ")).count();
    }

    /** How many RTSP connections were closed so far. */
    public long closedConnections() {
        return output.stream().filter(l -> l.startsWith("CLOSED ")).count();
    }

    /** Freezes it (SIGSTOP): connections stay open and go silent, like a hung camera. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a frozen server go on (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            fail("kill -" + name + " failed");
        }
    }

    /** Ends it like a crash: SIGKILL, no goodbye to its clients. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    /** Ends it the way tests normally do: closing its input, then signals if that is not enough. */
    @Override
    public void close() throws InterruptedException {
        try {
            thaw();
        } catch (IOException | AssertionError e) {
            // Not frozen, or already gone.
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already gone.
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        readers.shutdownNow();
    }
}
