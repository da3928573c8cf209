package org.osprey.recording.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The system's ffprobe and ffmpeg: independent readers that tell whether a segment file is valid. */
final class Ffprobe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Ffprobe() {
    }

    /** {@code format} with duration and tags; fails on any error ffprobe reports. */
    static JsonNode format(Path file) throws IOException, InterruptedException {
        return probe(List.of("-show_entries", "format=duration:format_tags", file.toString())).path("format");
    }

    /** The packets ffprobe reads, with their presentation times. */
    static JsonNode packets(Path file) throws IOException, InterruptedException {
        return probe(List.of("-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", file.toString()))
                .path("packets");
    }

    /** Decodes every stream of a file with ffmpeg; fails on any error it reports. */
    static void decode(Path file) throws IOException, InterruptedException {
        run(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-"));
    }

    private static JsonNode probe(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-of", "json"));
        command.addAll(arguments);
        return JSON.readTree(run(command));
    }

    /** Runs a command, failing unless it ends well without a word on its error output. */
    private static byte[] run(List<String> command) throws IOException, InterruptedException {
        // Errors go to a file: a flood of them must not fill a pipe nobody reads while the output is read.
        Path errors = Files.createTempFile("osprey-ffmpeg", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish");
            }
            String err = Files.readString(errors, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || !err.isBlank()) {
                throw new IOException(command + " failed (" + process.exitValue() + "): " + err);
            }
            return out;
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
