package org.osprey.device.stream.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * Keeps every line FFmpeg logs at its current level, which is what would reach standard error in the
 * server. Installed once per test JVM: FFmpeg's callback is process-wide and cannot be removed safely.
 */
final class FfmpegLogCapture extends LogCallback {

    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static FfmpegLogCapture installed;

    private FfmpegLogCapture() {
    }

    /** Installs the capture once. */
    static synchronized void install() {
        if (installed == null) {
            installed = new FfmpegLogCapture();
            installed.retainReference();
            avutil.setLogCallback(installed);
        }
    }

    /** The lines logged so far. */
    static List<String> lines() {
        return List.copyOf(LINES);
    }

    @Override
    public void call(int level, BytePointer message) {
        String line = message.getString();
        LINES.add(line);
        System.err.print("[ffmpeg] " + line);
    }
}
