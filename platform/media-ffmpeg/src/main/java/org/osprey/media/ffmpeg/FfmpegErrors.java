package org.osprey.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** FFmpeg's error codes in words a user or a log reader can act on. */
public final class FfmpegErrors {

    /** JavaCV puts the code right after "error"; the rest of its message may quote a URL with credentials. */
    private static final Pattern CODE = Pattern.compile("\\berror (-\\d+)");

    private FfmpegErrors() {
    }

    /**
     * Turns FFmpeg's negative results into exceptions that say what was being done.
     *
     * @param what what FFmpeg was asked to do, to follow "FFmpeg could not"
     * @throws IOException when the result is negative
     */
    public static void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException("FFmpeg could not " + what + ": " + describe(result) + " (" + result + ")");
        }
    }

    /** FFmpeg's own wording of an error code, such as "Connection refused". */
    public static String describe(int code) {
        if (code == 0) {
            return "unknown error";
        }
        byte[] buffer = new byte[256];
        if (av_strerror(code, buffer, buffer.length) < 0) {
            return "error " + code;
        }
        int length = 0;
        while (length < buffer.length && buffer[length] != 0) {
            length++;
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    /** The FFmpeg error code in a JavaCV exception, or 0 when it names none. */
    public static int codeOf(Exception e) {
        String message = e.getMessage();
        if (message == null) {
            return 0;
        }
        Matcher matcher = CODE.matcher(message);
        if (!matcher.find()) {
            return 0;
        }
        try {
            return Integer.parseInt(matcher.group(1));
        } catch (NumberFormatException overflow) {
            return 0;
        }
    }

    /** Whether a server refused the credentials. */
    public static boolean isAuthorizationFailure(int code) {
        return code == AVERROR_HTTP_UNAUTHORIZED || code == AVERROR_HTTP_FORBIDDEN;
    }
}
