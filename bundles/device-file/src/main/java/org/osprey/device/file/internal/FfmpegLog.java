package org.osprey.device.file.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

/** FFmpeg's process-wide log level as this driver needs it. */
final class FfmpegLog {

    private FfmpegLog() {
    }

    /**
     * Keeps FFmpeg at errors only: above that, JavaCV prints a dump of every file it opens and OpenH264
     * its tuning notes to the server's standard error, once per loop and per sample. A level set lower
     * elsewhere stays.
     */
    static void quiet() {
        if (av_log_get_level() > AV_LOG_ERROR) {
            av_log_set_level(AV_LOG_ERROR);
        }
    }
}
