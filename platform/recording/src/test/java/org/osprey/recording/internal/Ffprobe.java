package org.osprey.recording.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The system's ffprobe: an independent reader that tells whether a segment file is valid. */
final class Ffprobe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Ffprobe() {
    }

    /** {@code format} with duration and tags; fails on any error ffprobe reports. */
    static JsonNode format(Path file) throws IOException, InterruptedException {
        return run(List.of("-show_entries", "format=duration:format_tags", file.toString())).path("format");
    }

    /** The packets ffprobe reads, with their presentation times. */
    static JsonNode packets(Path file) throws IOException, InterruptedException {
        return run(List.of("-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", file.toString()))
                .path("packets");
    }

    private static JsonNode run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-of", "json"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("ffprobe did not finish");
        }
        if (process.exitValue() != 0 || !err.isBlank()) {
            throw new IOException("ffprobe " + arguments + " failed (" + process.exitValue() + "): " + err);
        }
        return JSON.readTree(out);
    }
}
