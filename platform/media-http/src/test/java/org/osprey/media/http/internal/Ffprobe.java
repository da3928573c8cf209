package org.osprey.media.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The system's ffprobe, an independent judge of what the writer produced. */
final class Ffprobe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Ffprobe() {
    }

    /** Format, streams and video packets; fails on anything ffprobe reports as an error. */
    static JsonNode probe(Path file) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-of", "json", "-show_format",
                "-show_streams", "-show_packets", "-select_streams", "v:0", file.toString()));
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("ffprobe did not finish");
        }
        if (process.exitValue() != 0 || !err.isBlank()) {
            throw new IOException("ffprobe failed (" + process.exitValue() + "): " + err);
        }
        return JSON.readTree(out);
    }
}
