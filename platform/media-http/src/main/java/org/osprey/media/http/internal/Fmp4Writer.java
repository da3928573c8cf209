package org.osprey.media.http.internal;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_format;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_query_codec;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXTERNAL;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.media.ffmpeg.FfmpegErrors;
import org.osprey.media.ffmpeg.FfmpegPackets;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * Remuxes packets, never decoding them, into fragmented MP4 (an {@code ftyp}+{@code moov} init segment,
 * then {@code moof}+{@code mdat} fragments) written through a custom I/O context straight to an output
 * stream. Browsers play this through Media Source Extensions and FFmpeg reads it from a pipe, which is why
 * it is the streaming container here.
 *
 * <p>Packets carry wall-clock microseconds; media time 0 is the first video keyframe's presentation time,
 * {@link #originMicros()}. Everything before that keyframe is dropped, so the output always starts with a
 * picture a decoder can show. One thread drives an instance; it is not thread-safe.
 */
final class Fmp4Writer implements AutoCloseable {

    /**
     * The init segment goes first instead of a trailing index ({@code empty_moov}), every fragment starts
     * with a keyframe so a player can join at any of them ({@code frag_keyframe}), and fragment offsets
     * count from their own {@code moof}, as Media Source Extensions require ({@code default_base_moof}).
     */
    static final String MOVFLAGS = "frag_keyframe+empty_moov+default_base_moof";
    private static final int IO_BUFFER = 64 * 1024;
    private static final int NOT_WRITTEN = -1;

    /**
     * JavaCPP has ten native thunks per callback class unless told otherwise, so one callback serves every
     * writer and finds its writer through the opaque pointer, which holds the writer's key.
     */
    private static final Map<Long, Fmp4Writer> WRITERS = new ConcurrentHashMap<>();
    private static final AtomicLong KEYS = new AtomicLong();
    private static final Output OUTPUT = new Output();

    private static final class Output extends Write_packet_Pointer_BytePointer_int {
        Output() {
            retainReference();
        }

        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            Fmp4Writer writer = WRITERS.get(new LongPointer(opaque).get());
            return writer == null ? AVERROR_EXTERNAL : writer.deliver(buffer, size);
        }
    }

    private final OutputStream out;
    private final long fragmentMicros;
    private final List<CodecParameters> candidates;
    /** The video stream written: the first one MP4 carries. */
    private final int videoStream;
    /** The newest video packet, held until it is clear that no further slice of its picture follows. */
    private MediaPacket pending;
    private final long key = KEYS.incrementAndGet();
    private final LongPointer opaque = new LongPointer(1);
    private byte[] scratch = new byte[IO_BUFFER];
    private IOException failure;
    private long bytesOut;

    private AVFormatContext context;
    private AVPacket packet;
    private List<CodecParameters> written = List.of();
    private int[] outputOf = new int[0];
    private long[] tbNum;
    private long[] tbDen;
    private long[] lastDts;
    private long originMicros = Long.MIN_VALUE;
    private boolean finished;

    private Fmp4Writer(List<CodecParameters> streams, OutputStream out, long fragmentMicros) {
        this.out = out;
        this.fragmentMicros = fragmentMicros;
        this.candidates = List.copyOf(streams);
        this.videoStream = candidates.stream().filter(s -> s.kind() == MediaKind.VIDEO && supported(s))
                .mapToInt(CodecParameters::index).findFirst().orElse(-1);
        opaque.put(key);
    }

    /**
     * A writer for these streams. Nothing is written until the first video keyframe arrives: the init
     * segment needs the codec configuration, which some cameras send only in-band with their keyframes.
     *
     * @param streams        the source's streams; video and the audio the MP4 container takes are written
     * @param out            where the bytes go, as FFmpeg produces them
     * @param fragmentMicros 0 to cut fragments only at keyframes; otherwise also cut a fragment once it is
     *                       this long, which a live viewer needs to see frames without waiting a whole GOP
     * @throws IOException when there is no video stream the container can carry
     */
    static Fmp4Writer create(List<CodecParameters> streams, OutputStream out, long fragmentMicros) throws IOException {
        if (streams.stream().noneMatch(s -> s.kind() == MediaKind.VIDEO && supported(s))) {
            throw new IOException("no video stream MP4 can carry: " + streams.stream().map(CodecParameters::codec)
                    .toList());
        }
        return new Fmp4Writer(streams, out, fragmentMicros);
    }

    /** Whether MP4 carries the codec, and with what it needs to describe it up front. */
    /** The streams a writer for these candidates carries, in MP4 order: the video, then the audio MP4 takes. */
    static List<CodecParameters> carried(List<CodecParameters> candidates) {
        List<CodecParameters> carried = new ArrayList<>();
        candidates.stream().filter(s -> s.kind() == MediaKind.VIDEO && supported(s)).findFirst().ifPresent(carried::add);
        candidates.stream().filter(s -> s.kind() == MediaKind.AUDIO && supported(s)).forEach(carried::add);
        return carried;
    }

    static boolean supported(CodecParameters stream) {
        int id = FfmpegStreams.codecId(stream.codec());
        if (id < 0 || (stream.kind() != MediaKind.VIDEO && stream.kind() != MediaKind.AUDIO)) {
            return false;
        }
        AVOutputFormat mp4 = av_guess_format("mp4", null, null);
        if (avformat_query_codec(mp4, id, 0) != 1) {
            return false;
        }
        // Audio cannot be described later from in-band data the way H.264 and H.265 can.
        return stream.kind() == MediaKind.VIDEO || !stream.codec().equals("aac") || stream.extradata().length > 0;
    }

    /**
     * Wall-clock microseconds of media time 0, the first frame's, or {@link Long#MIN_VALUE} before the first
     * keyframe.
     */
    long originMicros() {
        return originMicros;
    }

    /** The streams in the output; empty before the first keyframe. */
    List<CodecParameters> streams() {
        return written;
    }

    /** Bytes handed to the output stream so far. */
    long bytesOut() {
        return bytesOut;
    }

    /**
     * Writes one packet. Packets before the first video keyframe, of streams not in the output, or shown
     * before the first frame are left out. A video packet goes out with the next one, which tells whether it
     * was the whole picture or only its first slice.
     *
     * @throws IOException when FFmpeg cannot mux or the output stream fails (a client that went away)
     */
    void write(MediaPacket media) throws IOException {
        if (finished) {
            throw new IOException("the stream is finished");
        }
        if (media.streamIndex() != videoStream) {
            mux(media);
            return;
        }
        if (pending != null && AccessUnits.samePicture(pending, media)) {
            pending = AccessUnits.join(pending, media);
            return;
        }
        MediaPacket picture = pending;
        pending = media;
        if (picture != null) {
            mux(picture);
        }
    }

    private void mux(MediaPacket media) throws IOException {
        if (context == null) {
            if (!isVideoKeyframe(media)) {
                return;
            }
            start(media);
        }
        int index = media.streamIndex();
        int out = index >= 0 && index < outputOf.length ? outputOf[index] : NOT_WRITTEN;
        if (out == NOT_WRITTEN || media.ptsMicros() < originMicros) {
            return;
        }
        long dts = ticks(media.dtsMicros() - originMicros, out);
        long pts = ticks(media.ptsMicros() - originMicros, out);
        // MP4 needs strictly increasing decoding times per track, and camera clocks jitter. A keyframe
        // decoded before it is shown (B-frames) would start below 0: the first decoding times are moved up
        // by a tick or so instead, so media time 0 stays the first frame's.
        if (lastDts[out] == Long.MIN_VALUE) {
            dts = Math.max(dts, 0);
        } else if (dts <= lastDts[out]) {
            dts = lastDts[out] + 1;
        }
        pts = Math.max(pts, dts);
        lastDts[out] = dts;

        FfmpegPackets.fill(packet, media.data(), media.keyframe());
        try {
            packet.pts(pts);
            packet.dts(dts);
            packet.duration(media.durationMicros() > 0 ? ticks(media.durationMicros(), out) : 0);
            packet.stream_index(out);
            check(av_write_frame(context, packet), "write a packet");
        } finally {
            av_packet_unref(packet);
        }
    }

    /** Ends the stream: the last fragment goes out. Closing is still needed. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        if (pending != null) {
            MediaPacket picture = pending;
            pending = null;
            mux(picture);
        }
        finished = true;
        if (context != null) {
            check(av_write_trailer(context), "end the stream");
            avio_flush(context.pb());
            rethrow();
        }
    }

    private boolean isVideoKeyframe(MediaPacket media) {
        return media.keyframe() && media.streamIndex() == videoStream;
    }

    private void start(MediaPacket keyframe) throws IOException {
        List<CodecParameters> streams = new ArrayList<>();
        CodecParameters video = null;
        for (CodecParameters s : candidates) {
            if (s.kind() == MediaKind.VIDEO && s.index() == keyframe.streamIndex()) {
                video = s;
            }
        }
        streams.add(video);
        candidates.stream().filter(s -> s.kind() == MediaKind.AUDIO && supported(s)).forEach(streams::add);
        try {
            open(streams, keyframe);
        } catch (IOException e) {
            // The muxer refuses some audio only when it writes the header; the picture matters more.
            if (streams.size() == 1 || bytesOut > 0) {
                throw e;
            }
            failure = null;
            open(List.of(video), keyframe);
        }
        originMicros = keyframe.ptsMicros();
    }

    private void open(List<CodecParameters> streams, MediaPacket keyframe) throws IOException {
        release();
        AVFormatContext ctx = new AVFormatContext(null);
        FfmpegErrors.check(avformat_alloc_output_context2(ctx, null, "mp4", null), "allocate the MP4 muxer");
        context = ctx;
        for (CodecParameters source : streams) {
            AVStream stream = avformat_new_stream(ctx, null);
            if (stream == null) {
                throw new IOException("FFmpeg could not add a stream");
            }
            byte[] extradata = source.extradata();
            if (extradata.length == 0 && source.index() == keyframe.streamIndex()) {
                // In-band parameter sets: the keyframe carries them, and the muxer picks them out.
                extradata = new byte[keyframe.size()];
                keyframe.data().duplicate().get(extradata);
            }
            FfmpegStreams.toFfmpeg(stream.codecpar(), source, extradata);
            stream.time_base(source.kind() == MediaKind.VIDEO ? av_make_q(1, 90_000)
                    : av_make_q(1, Math.max(1, source.sampleRate())));
        }
        BytePointer buffer = new BytePointer(av_malloc(IO_BUFFER)).capacity(IO_BUFFER);
        AVIOContext io = avio_alloc_context(buffer, IO_BUFFER, 1, opaque, null, OUTPUT, null);
        if (io == null || io.isNull()) {
            av_free(buffer);
            throw new IOException("FFmpeg could not allocate an I/O context");
        }
        ctx.pb(io);
        WRITERS.put(key, this);
        AVDictionary options = new AVDictionary(null);
        try {
            av_dict_set(options, "movflags", MOVFLAGS, 0);
            if (fragmentMicros > 0) {
                av_dict_set(options, "frag_duration", Long.toString(fragmentMicros), 0);
            }
            check(avformat_write_header(ctx, options), "write the MP4 header");
        } finally {
            av_dict_free(options);
        }
        // The init segment goes out at once, so a player can set up its decoder before the first fragment.
        avio_flush(ctx.pb());
        rethrow();

        written = List.copyOf(streams);
        int maxIndex = candidates.stream().mapToInt(CodecParameters::index).max().orElse(0);
        outputOf = new int[maxIndex + 1];
        Arrays.fill(outputOf, NOT_WRITTEN);
        tbNum = new long[streams.size()];
        tbDen = new long[streams.size()];
        lastDts = new long[streams.size()];
        for (int i = 0; i < streams.size(); i++) {
            outputOf[streams.get(i).index()] = i;
            // The muxer may change the time base while writing the header.
            tbNum[i] = ctx.streams(i).time_base().num();
            tbDen[i] = ctx.streams(i).time_base().den();
            lastDts[i] = Long.MIN_VALUE;
        }
        packet = av_packet_alloc();
    }

    /** Microseconds to the output stream's time base, rounded to the nearest tick. */
    private long ticks(long micros, int out) {
        return Micros.rescale(micros, tbDen[out], tbNum[out] * 1_000_000L);
    }

    /** Called by FFmpeg, on the writing thread, with bytes to send. */
    private int deliver(BytePointer buffer, int size) {
        if (failure != null) {
            return AVERROR_EXTERNAL;
        }
        try {
            if (scratch.length < size) {
                scratch = new byte[size];
            }
            buffer.position(0).capacity(size).get(scratch, 0, size);
            out.write(scratch, 0, size);
            bytesOut += size;
            return size;
        } catch (IOException e) {
            failure = e;
            return AVERROR_EXTERNAL;
        } catch (RuntimeException e) {
            // Nothing may be thrown back into native code.
            failure = new IOException(e);
            return AVERROR_EXTERNAL;
        }
    }

    /** An FFmpeg failure caused by the output stream is reported as that stream's exception. */
    private void check(int result, String what) throws IOException {
        rethrow();
        FfmpegErrors.check(result, what);
    }

    private void rethrow() throws IOException {
        if (failure != null) {
            IOException e = failure;
            throw e;
        }
    }

    @Override
    public void close() {
        release();
        opaque.close();
    }

    private void release() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (context != null) {
            AVIOContext io = context.pb();
            if (io != null && !io.isNull()) {
                av_free(io.buffer());
                io.buffer(null);
                avio_context_free(io);
                context.pb(null);
            }
            avformat_free_context(context);
            context = null;
        }
        WRITERS.remove(key);
    }
}
