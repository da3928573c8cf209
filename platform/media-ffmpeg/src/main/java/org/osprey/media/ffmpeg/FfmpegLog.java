package org.osprey.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/** FFmpeg's process-wide log level, as the server needs it. */
public final class FfmpegLog {

    private FfmpegLog() {
    }

    /**
     * Keeps FFmpeg at errors only. Above that JavaCV dumps every input it opens to the server's standard
     * error, quoting URLs with their credentials, and OpenH264 explains its tuning for every encoder. The
     * level is only ever lowered, so a quieter one set elsewhere stays.
     */
    public static void errorsOnly() {
        if (av_log_get_level() > AV_LOG_ERROR) {
            av_log_set_level(AV_LOG_ERROR);
        }
    }
}
