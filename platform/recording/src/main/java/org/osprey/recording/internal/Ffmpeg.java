package org.osprey.recording.internal;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get_by_name;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;

/** What the bundle's FFmpeg users share: error text and codec lookup. */
final class Ffmpeg {

    private Ffmpeg() {
    }

    /** Turns FFmpeg's negative error codes into exceptions that say what was being done. */
    static void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException("FFmpeg could not " + what + ": " + errorText(result));
        }
    }

    static String errorText(int code) {
        byte[] text = new byte[256];
        av_strerror(code, text, text.length);
        int length = 0;
        while (length < text.length && text[length] != 0) {
            length++;
        }
        return new String(text, 0, length, StandardCharsets.UTF_8) + " (" + code + ")";
    }

    /** FFmpeg's codec id for a codec name of {@code CodecParameters.codec()}, or -1 when FFmpeg does not know it. */
    static int codecId(String name) {
        AVCodecDescriptor descriptor = avcodec_descriptor_get_by_name(name);
        return descriptor == null ? -1 : descriptor.id();
    }
}
