package org.osprey.recording.internal;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.javacpp.BytePointer;
import org.osprey.media.ffmpeg.FfmpegErrors;
import org.osprey.media.ffmpeg.FfmpegPackets;

/**
 * Reads what a segment file holds: its tags and the times of its packets. Demuxes only; nothing is
 * decoded, so reading a file costs about as much as copying it.
 */
final class SegmentProbe {

    /**
     * What a file says about itself.
     *
     * @param tags        format-level tags, keys upper case
     * @param startMicros the segment start from its tags
     * @param keyframes   wall-clock times of the video keyframes, ascending, each once
     * @param endMicros   end of the last readable packet
     * @param packets     packets read
     * @param complete    whether the file was closed properly (it has its duration and cues)
     */
    record Result(Map<String, String> tags, long startMicros, List<Long> keyframes, long endMicros, long packets,
            boolean complete) {

        String tag(String name) {
            return tags.get(name);
        }
    }

    private SegmentProbe() {
    }

    /**
     * Reads a segment file to its last readable packet; a file cut short by a crash reads up to where the
     * data stops.
     *
     * @throws IOException when the file cannot be opened as Matroska or lacks the segment start tag
     */
    static Result read(Path file) throws IOException {
        AVFormatContext context = new AVFormatContext(null);
        FfmpegErrors.check(avformat_open_input(context,
                new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8), null, null), "open " + file);
        AVPacket packet = av_packet_alloc();
        try {
            Map<String, String> tags = tags(context);
            String start = tags.get(SegmentFiles.TAG_START);
            if (start == null) {
                throw new IOException("not an Osprey segment: no " + SegmentFiles.TAG_START + " tag");
            }
            long origin;
            try {
                origin = Micros.parseIso(start);
            } catch (RuntimeException e) {
                throw new IOException("unreadable " + SegmentFiles.TAG_START + " tag: " + start, e);
            }
            int streams = context.nb_streams();
            int video = -1;
            long[] num = new long[streams];
            long[] den = new long[streams];
            for (int i = 0; i < streams; i++) {
                AVStream stream = context.streams(i);
                num[i] = stream.time_base().num() * 1_000_000L;
                den[i] = stream.time_base().den();
                if (video < 0 && stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                    video = i;
                }
            }
            List<Long> keyframes = new ArrayList<>();
            long[] lastPts = new long[streams];
            long[] lastDelta = new long[streams];
            java.util.Arrays.fill(lastPts, Long.MIN_VALUE);
            long end = Long.MIN_VALUE;
            long count = 0;
            // Reading stops at the end or at the first damaged spot, which for a crashed file is its end.
            while (av_read_frame(context, packet) >= 0) {
                try {
                    int index = packet.stream_index();
                    long ts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    if (index < 0 || index >= streams || ts == AV_NOPTS_VALUE) {
                        continue;
                    }
                    long pts = origin + Micros.rescale(ts, num[index], den[index]);
                    if (lastPts[index] != Long.MIN_VALUE && pts > lastPts[index]) {
                        lastDelta[index] = pts - lastPts[index];
                    }
                    lastPts[index] = Math.max(lastPts[index], pts);
                    long duration = packet.duration() > 0 ? Micros.rescale(packet.duration(), num[index], den[index]) : 0;
                    end = Math.max(end, pts + duration);
                    // The slices of one keyframe may come as packets of their own, one after the other;
                    // it is one keyframe.
                    if (index == video && FfmpegPackets.isKeyframe(packet)
                            && (keyframes.isEmpty() || keyframes.get(keyframes.size() - 1) != pts)) {
                        keyframes.add(pts);
                    }
                    count++;
                } finally {
                    av_packet_unref(packet);
                }
            }
            boolean complete = context.duration() != AV_NOPTS_VALUE && context.duration() > 0;
            if (complete) {
                // The duration the muxer wrote covers the last packet's own length, which blocks do not store.
                end = Math.max(end, origin + context.duration());
            } else {
                // Cut short: the last packets' lengths are unknown, so assume each lasted like the one before.
                for (int i = 0; i < streams; i++) {
                    if (lastPts[i] != Long.MIN_VALUE) {
                        end = Math.max(end, lastPts[i] + lastDelta[i]);
                    }
                }
            }
            keyframes.sort(null);
            return new Result(tags, origin, List.copyOf(keyframes), count == 0 ? origin : end, count, complete);
        } finally {
            av_packet_free(packet);
            avformat_close_input(context);
        }
    }

    private static Map<String, String> tags(AVFormatContext context) {
        Map<String, String> tags = new TreeMap<>();
        AVDictionaryEntry entry = null;
        while ((entry = av_dict_get(context.metadata(), "", entry, AV_DICT_IGNORE_SUFFIX)) != null) {
            tags.put(entry.key().getString(StandardCharsets.UTF_8).toUpperCase(Locale.ROOT),
                    entry.value().getString(StandardCharsets.UTF_8));
        }
        return tags;
    }
}
