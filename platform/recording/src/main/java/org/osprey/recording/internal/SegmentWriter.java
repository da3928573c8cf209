package org.osprey.recording.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get_by_name;
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
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;

/**
 * Writes one segment file: packets muxed into Matroska exactly as the camera sent them, never decoded or
 * re-encoded. Times are wall-clock microseconds on the way in and offsets from the segment start in the
 * file. One recorder thread drives an instance; it is not thread-safe.
 */
final class SegmentWriter {

    /** Where a packet ended up in the file, in the times a reader of the file will compute. */
    record Written(long ptsMicros, long endMicros) {
    }

    private static final int NOT_RECORDED = -1;

    private final Path file;
    private final long originMicros;
    private final int[] outputOf;
    private final long[] tbNum;
    private final long[] tbDen;
    private final long[] lastDts;
    private final List<CodecParameters> recorded;
    private AVFormatContext context;
    private AVPacket packet;
    private byte[] scratch = new byte[64 * 1024];

    private SegmentWriter(Path file, long originMicros, AVFormatContext context, List<CodecParameters> recorded) {
        this.file = file;
        this.originMicros = originMicros;
        this.context = context;
        this.recorded = recorded;
        int maxIndex = recorded.stream().mapToInt(CodecParameters::index).max().orElse(0);
        outputOf = new int[maxIndex + 1];
        Arrays.fill(outputOf, NOT_RECORDED);
        int n = recorded.size();
        tbNum = new long[n];
        tbDen = new long[n];
        lastDts = new long[n];
        for (int i = 0; i < n; i++) {
            outputOf[recorded.get(i).index()] = i;
            AVStream stream = context.streams(i);
            // The muxer picks its own time base while writing the header (1/1000 for Matroska).
            tbNum[i] = stream.time_base().num();
            tbDen[i] = stream.time_base().den();
            lastDts[i] = Long.MIN_VALUE;
        }
        packet = av_packet_alloc();
    }

    /**
     * Creates the file and writes its header. A stream the container refuses (audio without its codec
     * configuration, say) is left out rather than losing the video; {@link #recorded()} tells which made it.
     *
     * @param file         the new file; must not exist, so an existing recording is never truncated
     * @param originMicros wall-clock time of the segment's first packet; file times count from here
     * @param tags         format-level tags that make the file self-describing
     * @param streams      the source's streams; video and audio with a codec FFmpeg knows are recorded
     * @throws IOException when the file cannot be created or no stream can be written
     */
    static SegmentWriter open(Path file, long originMicros, Map<String, String> tags, List<CodecParameters> streams)
            throws IOException {
        List<CodecParameters> candidates = streams.stream()
                .filter(s -> s.kind() == MediaKind.VIDEO || s.kind() == MediaKind.AUDIO)
                .filter(s -> codecId(s.codec()) >= 0)
                .toList();
        if (candidates.stream().noneMatch(s -> s.kind() == MediaKind.VIDEO)) {
            throw new IOException("no video stream in a codec FFmpeg knows: " + streams.stream()
                    .map(CodecParameters::codec).toList());
        }
        Files.createFile(file);
        try {
            try {
                return tryOpen(file, originMicros, tags, candidates);
            } catch (IOException e) {
                List<CodecParameters> videoOnly = candidates.stream().filter(s -> s.kind() == MediaKind.VIDEO)
                        .toList();
                if (videoOnly.size() == candidates.size()) {
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

    private static SegmentWriter tryOpen(Path file, long originMicros, Map<String, String> tags,
            List<CodecParameters> streams) throws IOException {
        AVFormatContext context = new AVFormatContext(null);
        check(avformat_alloc_output_context2(context, null, "matroska", null), "allocate the muxer");
        try {
            for (CodecParameters source : streams) {
                AVStream stream = avformat_new_stream(context, null);
                if (stream == null) {
                    throw new IOException("FFmpeg could not add a stream");
                }
                describe(stream.codecpar(), source);
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
            return new SegmentWriter(file, originMicros, context, List.copyOf(streams));
        } catch (IOException | RuntimeException e) {
            release(context);
            throw e;
        }
    }

    private static void describe(AVCodecParameters parameters, CodecParameters source) {
        parameters.codec_type(source.kind() == MediaKind.VIDEO ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO);
        parameters.codec_id(codecId(source.codec()));
        if (source.kind() == MediaKind.VIDEO) {
            parameters.width(source.width());
            parameters.height(source.height());
        } else {
            parameters.sample_rate(source.sampleRate());
            av_channel_layout_default(parameters.ch_layout(), Math.max(1, source.channels()));
        }
        byte[] extradata = source.extradata();
        if (extradata.length > 0) {
            // FFmpeg owns and frees this buffer with the context; it wants zeroed padding behind the data.
            BytePointer buffer = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
            buffer.put(extradata, 0, extradata.length);
            parameters.extradata(buffer);
            parameters.extradata_size(extradata.length);
        }
    }

    private static int codecId(String name) {
        AVCodecDescriptor descriptor = avcodec_descriptor_get_by_name(name);
        return descriptor == null ? -1 : descriptor.id();
    }

    /** The streams that are in the file. */
    List<CodecParameters> recorded() {
        return recorded;
    }

    Path file() {
        return file;
    }

    /**
     * Writes one packet.
     *
     * @param streamIndex    the source's stream index
     * @param durationMicros how long the packet lasts; the file's end is the latest packet end
     * @return its times in the file, or {@code null} when the stream is not recorded
     * @throws IOException when FFmpeg cannot write
     */
    Written write(int streamIndex, long ptsMicros, long dtsMicros, long durationMicros, boolean keyframe,
            ByteBuffer data) throws IOException {
        int out = streamIndex >= 0 && streamIndex < outputOf.length ? outputOf[streamIndex] : NOT_RECORDED;
        if (out == NOT_RECORDED) {
            return null;
        }
        long num = tbNum[out] * 1_000_000L;
        long den = tbDen[out];
        // A packet that straddles a cut (audio queued behind the keyframe) cannot start before the file.
        long pts = Math.max(0, Micros.rescale(ptsMicros - originMicros, den, num));
        long dts = Math.max(0, Micros.rescale(dtsMicros - originMicros, den, num));
        // Matroska accepts equal but not decreasing decode times; a camera's jitter must not stop recording.
        dts = Math.max(dts, lastDts[out] == Long.MIN_VALUE ? 0 : lastDts[out]);
        pts = Math.max(pts, dts);
        long end = Math.max(pts, Micros.rescale(ptsMicros + Math.max(0, durationMicros) - originMicros, den, num));
        lastDts[out] = dts;

        ByteBuffer source = data.duplicate();
        int size = source.remaining();
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        source.get(scratch, 0, size);
        check(av_new_packet(packet, size), "allocate a packet");
        packet.data().position(0).put(scratch, 0, size);
        packet.pts(pts);
        packet.dts(dts);
        packet.duration(end - pts);
        packet.stream_index(out);
        packet.flags(keyframe ? AV_PKT_FLAG_KEY : 0);
        int result = av_interleaved_write_frame(context, packet);
        if (result < 0) {
            av_packet_unref(packet);
            check(result, "write a packet");
        }
        return new Written(originMicros + Micros.rescale(pts, num, den), originMicros + Micros.rescale(end, num, den));
    }

    /**
     * Hands everything written so far to the operating system: ends the muxer's cluster, which it otherwise
     * keeps in memory, and flushes the I/O buffer. What was handed over survives a crash of the process.
     *
     * @return the file's length afterwards
     */
    long flush() throws IOException {
        check(av_interleaved_write_frame(context, null), "flush the interleaving queue");
        check(av_write_frame(context, null), "end the cluster");
        avio_flush(context.pb());
        if (context.pb().error() < 0) {
            check(context.pb().error(), "flush " + file);
        }
        return avio_tell(context.pb());
    }

    /**
     * Writes the index (cues) and duration and closes the file.
     *
     * @return the final file size
     */
    long finish() throws IOException {
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

    /** Closes after a failure, keeping what reached the file; the segment is recovered like a crashed one. */
    void closeQuietly() {
        if (context == null) {
            return;
        }
        release(context);
        context = null;
        freePacket();
    }

    /**
     * Drops the writer the way a killed process would: no trailer and whatever was not flushed lost. Only
     * for tests of crash recovery.
     */
    void abandon() {
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

    /** Names of the recorded streams' codecs, for logs. */
    List<String> codecs() {
        List<String> names = new ArrayList<>();
        recorded.forEach(s -> names.add(s.codec()));
        return names;
    }
}
