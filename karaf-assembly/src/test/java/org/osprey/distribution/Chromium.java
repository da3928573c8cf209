package org.osprey.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, playing fragmented MP4 through Media Source Extensions as a web client would:
 * the page opens a source buffer with the response's content type, appends the bytes and reports what the
 * video element decoded.
 */
final class Chromium {

    /** What the page saw: the decoded picture size and how much media it buffered, or the error. */
    record Played(String result, int width, int height, double bufferedSeconds) {
    }

    private static final Pattern LOADED = Pattern.compile("loaded (\\d+)x(\\d+) buffered=([0-9.]+)");
    private static final Pattern OUTPUT = Pattern.compile("<pre id=\"out\">([^<]*)</pre>");

    private Chromium() {
    }

    static Played playMse(String contentType, byte[] mp4, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path page = workDir.resolve("mse.html");
        Files.writeString(page, """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>mse</title></head><body>
                <video id="v" muted></video><pre id="out">pending</pre>
                <script>
                const out = document.getElementById('out');
                const type = %s;
                const bytes = Uint8Array.from(atob('%s'), c => c.charCodeAt(0));
                if (!MediaSource.isTypeSupported(type)) {
                  out.textContent = 'unsupported ' + type;
                } else {
                  const v = document.getElementById('v');
                  const source = new MediaSource();
                  v.src = URL.createObjectURL(source);
                  source.addEventListener('sourceopen', () => {
                    const buffer = source.addSourceBuffer(type);
                    buffer.addEventListener('error', () => out.textContent = 'append error');
                    buffer.appendBuffer(bytes);
                  });
                  v.addEventListener('loadeddata', () => out.textContent = 'loaded ' + v.videoWidth + 'x'
                      + v.videoHeight + ' buffered=' + (v.buffered.length ? v.buffered.end(0) - v.buffered.start(0) : 0));
                  v.addEventListener('error', () => out.textContent = 'video error ' + (v.error && v.error.message));
                }
                </script></body></html>
                """.formatted(jsString(contentType), Base64.getEncoder().encodeToString(mp4)));
        Path profile = Files.createTempDirectory(workDir, "profile");
        Process chromium = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile, "--autoplay-policy=no-user-gesture-required",
                "--virtual-time-budget=10000", "--dump-dom", page.toUri().toString()))
                .redirectError(workDir.resolve("chromium.log").toFile())
                .start();
        byte[] dom = chromium.getInputStream().readAllBytes();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new IllegalStateException("chromium did not finish");
        }
        Matcher output = OUTPUT.matcher(new String(dom, StandardCharsets.UTF_8));
        String result = output.find() ? output.group(1) : "no output (exit " + chromium.exitValue() + ")";
        Matcher loaded = LOADED.matcher(result);
        if (loaded.find()) {
            return new Played(result, Integer.parseInt(loaded.group(1)), Integer.parseInt(loaded.group(2)),
                    Double.parseDouble(loaded.group(3)));
        }
        return new Played(result, 0, 0, 0);
    }

    private static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
