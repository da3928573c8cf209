package org.osprey.device.stream.internal;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** FFmpeg error codes in words a user can act on. */
final class FfmpegErrors {

    /** JavaCV puts the code right after "error"; the rest of its message quotes the URL. */
    private static final Pattern CODE = Pattern.compile("\\berror (-\\d+)");

    private FfmpegErrors() {
    }

    /** The FFmpeg error code in a JavaCV exception, or 0 when it names none. */
    static int codeOf(Exception e) {
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

    /** FFmpeg's own wording of an error code, such as "Connection refused". */
    static String describe(int code) {
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

    /** Whether the camera refused the credentials. */
    static boolean isAuthorizationFailure(int code) {
        return code == AVERROR_HTTP_UNAUTHORIZED || code == AVERROR_HTTP_FORBIDDEN;
    }
}
