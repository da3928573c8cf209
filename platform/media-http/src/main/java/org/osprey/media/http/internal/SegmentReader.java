package org.osprey.media.http.internal;

import static org.bytedeco.ffmpeg.avformat.AVIndexEntry.AVINDEX_KEYFRAME;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_add_index_entry;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry_from_timestamp;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.javacpp.BytePointer;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.media.ffmpeg.FfmpegErrors;
import org.osprey.media.ffmpeg.FfmpegPackets;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * Reads the packets of one recorded segment file with FFmpeg's Matroska demuxer, stamped with wall-clock
 * microseconds as the camera's packets were: the file's {@code OSPREY_START} tag plus the packet's time in
 * the file, computed as the recording index computes it, so a keyframe read here has exactly the time the
 * index lists. Demuxes only. One thread drives an instance.
 */
final class SegmentReader implements AutoCloseable {

    /** The tag every segment carries: its start as ISO-8601 with microseconds. */
    static final String START_TAG = "OSPREY_START";

    /**
     * A packet with its byte position in the file and, for a video keyframe, the position of the cluster it
     * starts, from which reading can resume after the file is opened again; -1 where unknown.
     */
    record Read(MediaPacket packet, long position, long resumePosition) {
    }

    private final Path file;
    private AVFormatContext context;
    private AVPacket packet;
    private final long originMicros;
    private final List<CodecParameters> streams;
    private final int videoIndex;
    private final long[] num;
    private final long[] den;

    private SegmentReader(Path file, AVFormatContext context) throws IOException {
        this.file = file;
        this.context = context;
        String start = tag(context, START_TAG);
        if (start == null) {
            throw new IOException(file + " is not an Osprey segment: it has no " + START_TAG + " tag");
        }
        try {
            originMicros = Micros.of(Instant.parse(start));
        } catch (RuntimeException e) {
            throw new IOException(file + " has an unreadable " + START_TAG + " tag: " + start, e);
        }
        int count = context.nb_streams();
        num = new long[count];
        den = new long[count];
        List<CodecParameters> described = new ArrayList<>();
        int video = -1;
        for (int i = 0; i < count; i++) {
            AVStream stream = context.streams(i);
            num[i] = stream.time_base().num() * 1_000_000L;
            den[i] = stream.time_base().den();
            CodecParameters parameters = FfmpegStreams.fromFfmpeg(i, stream.codecpar());
            if (parameters.kind() != MediaKind.METADATA) {
                described.add(parameters);
            }
            if (video < 0 && stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                video = i;
            }
        }
        streams = List.copyOf(described);
        videoIndex = video;
        packet = av_packet_alloc();
    }

    /**
     * Opens a segment file.
     *
     * @throws IOException when it cannot be read as an Osprey segment
     */
    static SegmentReader open(Path file) throws IOException {
        AVFormatContext context = new AVFormatContext(null);
        // The file: prefix keeps FFmpeg from taking any part of the path for another protocol.
        FfmpegErrors.check(avformat_open_input(context, new BytePointer("file:" + file.toAbsolutePath(),
                StandardCharsets.UTF_8), null, null), "open " + file);
        try {
            return new SegmentReader(file, context);
        } catch (IOException | RuntimeException e) {
            avformat_close_input(context);
            throw e;
        }
    }

    private static String tag(AVFormatContext context, String name) {
        // Without AV_DICT_MATCH_CASE the lookup ignores case, as Matroska tag names may be stored in either.
        AVDictionaryEntry entry = av_dict_get(context.metadata(), name, null, 0);
        return entry == null ? null : entry.value().getString(StandardCharsets.UTF_8);
    }

    /** The file's video and audio streams, indexed as its packets are. */
    List<CodecParameters> streams() {
        return streams;
    }

    /** Wall-clock microseconds of the file's time 0. */
    long originMicros() {
        return originMicros;
    }

    Path file() {
        return file;
    }

    /**
     * Moves to the video keyframe at or before a time, using the file's cues. A file still being written
     * has none; then reading goes on from the start, which the caller skips through.
     *
     * @return whether the demuxer moved
     */
    boolean seekToKeyframe(long wallMicros) {
        if (videoIndex < 0) {
            return false;
        }
        long ts = toStream(wallMicros - originMicros, videoIndex);
        return av_seek_frame(context, videoIndex, ts, AVSEEK_FLAG_BACKWARD) >= 0;
    }

    /**
     * Moves to a keyframe whose cluster {@link #read()} reported in an earlier opening of the file. A file
     * being written has no cues, so the demuxer is told where the cluster is, and seeks there as it would
     * with cues.
     *
     * @return whether the demuxer moved; when not, reading goes on from where it was
     */
    boolean seekToCluster(long position, long keyframeMicros) {
        if (videoIndex < 0 || position <= 0) {
            return false;
        }
        long ts = toStream(keyframeMicros - originMicros, videoIndex);
        AVStream video = context.streams(videoIndex);
        if (av_add_index_entry(video, position, ts, 0, 0, AVINDEX_KEYFRAME) < 0) {
            return false;
        }
        return av_seek_frame(context, videoIndex, ts, AVSEEK_FLAG_BACKWARD) >= 0;
    }

    /**
     * The next packet, or {@code null} at the end of what is readable: the end of the file, or for a file
     * being written, where the data stops.
     */
    Read read() {
        while (av_read_frame(context, packet) >= 0) {
            try {
                int index = packet.stream_index();
                if (index < 0 || index >= num.length || !isRead(index)) {
                    continue;
                }
                long dts = packet.dts() != AV_NOPTS_VALUE ? packet.dts() : packet.pts();
                long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : dts;
                if (pts == AV_NOPTS_VALUE) {
                    continue;
                }
                boolean keyframe = FfmpegPackets.isKeyframe(packet);
                byte[] data = new byte[packet.size()];
                packet.data().position(0).capacity(data.length).get(data);
                long duration = packet.duration() > 0 ? Micros.rescale(packet.duration(), num[index], den[index]) : 0;
                MediaPacket media = new MediaPacket(index, wall(pts, index), wall(dts, index), duration, keyframe,
                        ByteBuffer.wrap(data));
                long resume = keyframe && index == videoIndex ? clusterOf(pts, index) : -1;
                return new Read(media, packet.pos(), resume);
            } finally {
                av_packet_unref(packet);
            }
        }
        return null;
    }

    private boolean isRead(int index) {
        for (CodecParameters s : streams) {
            if (s.index() == index) {
                return true;
            }
        }
        return false;
    }

    /** Where the demuxer found the keyframe's cluster, from the index it builds while reading. */
    private long clusterOf(long pts, int index) {
        AVIndexEntry entry = avformat_index_get_entry_from_timestamp(context.streams(index), pts, AVSEEK_FLAG_BACKWARD);
        return entry != null && !entry.isNull() && entry.timestamp() == pts ? entry.pos() : -1;
    }

    private long wall(long ts, int index) {
        return originMicros + Micros.rescale(ts, num[index], den[index]);
    }

    private long toStream(long micros, int index) {
        return Micros.rescale(micros, den[index], num[index]);
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (context != null) {
            avformat_close_input(context);
            context = null;
        }
    }
}
