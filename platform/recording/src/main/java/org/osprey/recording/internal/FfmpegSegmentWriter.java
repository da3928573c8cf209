package org.osprey.recording.internal;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avformat.avio_size;
import static org.bytedeco.ffmpeg.global.avformat.avio_tell;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.osprey.media.ffmpeg.FfmpegErrors.check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.media.ffmpeg.FfmpegPackets;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * Writes a segment through FFmpeg's Matroska muxer, for streams whose codec {@link MatroskaSegmentWriter} does
 * not store itself (MPEG-4 Part 2, G.726 ...): such a camera is recorded at the cost of a few JNI calls and a
 * native copy per packet. One recorder thread drives an instance; it is not thread-safe.
 */
final class FfmpegSegmentWriter implements SegmentWriter {

    private static final int NOT_RECORDED = -1;

    private final Path file;
    private final int[] outputOf;
    private final TrackClock[] clocks;
    private final List<CodecParameters> recorded;
    private AVFormatContext context;
    private AVPacket packet;

    private FfmpegSegmentWriter(Path file, long originMicros, AVFormatContext context,
            List<CodecParameters> recorded) {
        this.file = file;
        this.context = context;
        this.recorded = recorded;
        int maxIndex = recorded.stream().mapToInt(CodecParameters::index).max().orElse(0);
        outputOf = new int[maxIndex + 1];
        Arrays.fill(outputOf, NOT_RECORDED);
        int n = recorded.size();
        clocks = new TrackClock[n];
        for (int i = 0; i < n; i++) {
            outputOf[recorded.get(i).index()] = i;
            AVStream stream = context.streams(i);
            // The muxer picks its own time base while writing the header (1/1000 for Matroska).
            clocks[i] = new TrackClock(originMicros, stream.time_base().num(), stream.time_base().den());
        }
        packet = av_packet_alloc();
    }

    /**
     * Creates the file and writes its header. A stream the muxer refuses (audio without its codec
     * configuration, say) is left out rather than losing the video.
     *
     * @param streams video and audio streams in codecs FFmpeg knows, at least one of them video
     */
    static FfmpegSegmentWriter open(Path file, long originMicros, Map<String, String> tags,
            List<CodecParameters> streams) throws IOException {
        Files.createFile(file);
        try {
            try {
                return tryOpen(file, originMicros, tags, streams);
            } catch (IOException e) {
                List<CodecParameters> videoOnly = streams.stream().filter(s -> s.kind() == MediaKind.VIDEO).toList();
                if (videoOnly.size() == streams.size()) {
                    throw e;
                }
                return tryOpen(file, originMicros, tags, videoOnly);
            }
        } catch (IOException | RuntimeException e) {
            // Nothing was recorded into it yet: a header at most.
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static FfmpegSegmentWriter tryOpen(Path file, long originMicros, Map<String, String> tags,
            List<CodecParameters> streams) throws IOException {
        AVFormatContext context = new AVFormatContext(null);
        check(avformat_alloc_output_context2(context, null, "matroska", null), "allocate the muxer");
        try {
            for (CodecParameters source : streams) {
                AVStream stream = avformat_new_stream(context, null);
                if (stream == null) {
                    throw new IOException("FFmpeg could not add a stream");
                }
                FfmpegStreams.toFfmpeg(stream.codecpar(), source, source.extradata());
                stream.time_base(av_make_q(1, 1000));
            }
            AVDictionary metadata = new AVDictionary(null);
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                av_dict_set(metadata, tag.getKey(), tag.getValue(), 0);
            }
            context.metadata(metadata);
            AVIOContext io = new AVIOContext(null);
            // The file: prefix keeps FFmpeg from reading any other protocol into a path.
            check(avio_open(io, new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8),
                    AVIO_FLAG_WRITE), "open " + file);
            context.pb(io);
            check(avformat_write_header(context, (AVDictionary) null), "write the header");
            // A file that exists is readable from the start: a crash before the first GOP leaves a header
            // that says whose it is, not an empty file.
            avio_flush(context.pb());
            return new FfmpegSegmentWriter(file, originMicros, context, List.copyOf(streams));
        } catch (IOException | RuntimeException e) {
            release(context);
            throw e;
        }
    }

    @Override
    public List<CodecParameters> recorded() {
        return recorded;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Written write(int streamIndex, long ptsMicros, long dtsMicros, long durationMicros, boolean keyframe,
            ByteBuffer data) throws IOException {
        int out = streamIndex >= 0 && streamIndex < outputOf.length ? outputOf[streamIndex] : NOT_RECORDED;
        if (out == NOT_RECORDED) {
            return null;
        }
        TrackClock clock = clocks[out];
        clock.place(ptsMicros, dtsMicros, durationMicros);

        FfmpegPackets.fill(packet, data, keyframe);
        packet.pts(clock.pts());
        packet.dts(clock.dts());
        packet.duration(clock.end() - clock.pts());
        packet.stream_index(out);
        int result = av_interleaved_write_frame(context, packet);
        if (result < 0) {
            av_packet_unref(packet);
            check(result, "write a packet");
        }
        return clock;
    }

    /** Ends the muxer's cluster, which it otherwise keeps in memory, and flushes the I/O buffer. */
    @Override
    public long flush() throws IOException {
        check(av_interleaved_write_frame(context, null), "flush the interleaving queue");
        check(av_write_frame(context, null), "end the cluster");
        avio_flush(context.pb());
        if (context.pb().error() < 0) {
            check(context.pb().error(), "flush " + file);
        }
        return avio_tell(context.pb());
    }

    @Override
    public long finish() throws IOException {
        long size;
        try {
            check(av_write_trailer(context), "write the trailer");
            AVIOContext io = context.pb();
            // From the open descriptor, not the path: the path may already lead elsewhere (an unmount).
            size = avio_size(io);
            check(avio_closep(io), "close " + file);
            context.pb(null);
        } finally {
            release(context);
            context = null;
            freePacket();
        }
        if (size < 0) {
            check((int) size, "measure " + file);
        }
        return size;
    }

    @Override
    public void closeQuietly() {
        if (context == null) {
            return;
        }
        release(context);
        context = null;
        freePacket();
    }

    /** Empties the I/O buffer before closing, so what was not flushed is lost as in a killed process. */
    @Override
    public void abandon() {
        if (context == null) {
            return;
        }
        AVIOContext io = context.pb();
        if (io != null && !io.isNull()) {
            io.buf_ptr(io.buffer());
        }
        release(context);
        context = null;
        freePacket();
    }

    private void freePacket() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
    }

    private static void release(AVFormatContext context) {
        if (context == null || context.isNull()) {
            return;
        }
        AVIOContext io = context.pb();
        if (io != null && !io.isNull()) {
            avio_closep(io);
            context.pb(null);
        }
        avformat_free_context(context);
    }
}
