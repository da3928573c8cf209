package org.osprey.device.stream.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/** FFmpeg's process-wide log level, as far as this driver depends on it. */
final class FfmpegLog {

    private FfmpegLog() {
    }

    /**
     * Lowers FFmpeg's log level below {@code info} when it is higher. At {@code info} JavaCV dumps each
     * opened input to standard error, and FFmpeg's dump quotes the URL with the credentials in it. The
     * level is only ever lowered, so a deliberate quieter setting elsewhere stays.
     */
    static void keepUrlsOutOfTheLog() {
        if (av_log_get_level() >= AV_LOG_INFO) {
            av_log_set_level(AV_LOG_ERROR);
        }
    }
}
