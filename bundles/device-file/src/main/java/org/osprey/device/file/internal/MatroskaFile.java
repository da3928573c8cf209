package org.osprey.device.file.internal;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.media.ffmpeg.FfmpegLog;
import org.osprey.media.ffmpeg.FfmpegPackets;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * A Matroska file read packet by packet through FFmpeg, never decoded past FFmpeg's stream probe at
 * open. Not thread safe: one thread at a time opens, reads and closes it.
 *
 * <p>Matroska stores presentation times only. FFmpeg works out decoding times for streams with
 * B-frames itself, except for the first few packets after the start or a rewind; those are given
 * decoding times one frame apart before the first one FFmpeg knows.
 */
final class MatroskaFile implements AutoCloseable {

    /** A missing timestamp. */
    static final long NONE = Long.MIN_VALUE;

    /** Packets held back at most while decoding times are missing; H.264 reorders at most 16 frames. */
    private static final int MAX_HELD = 64;
    private static final long FALLBACK_INTERVAL_MICROS = 1_000;
    private static final long NO_TIMESTAMP = AV_NOPTS_VALUE();

    /** One packet in the file's own time, microseconds. */
    record FilePacket(int stream, long ptsMicros, long dtsMicros, long durationMicros, boolean keyframe,
            byte[] data) {

        FilePacket withDts(long dts) {
            return new FilePacket(stream, ptsMicros, dts, durationMicros, keyframe, data);
        }
    }

    /** Thrown when a file cannot be played; the message says why, for the device status. */
    static final class OpenException extends Exception {
        private static final long serialVersionUID = 1L;

        OpenException(String message) {
            super(message);
        }
    }

    private final FFmpegFrameGrabber grabber;
    private final List<CodecParameters> streams;
    private final AVRational[] timeBases;
    private final AVRational micros = new AVRational().num(1).den(1_000_000);
    private final boolean[] reordered;
    private final long[] frameInterval;
    private final int videoStream;
    private final double frameRate;
    private final ArrayDeque<FilePacket> held = new ArrayDeque<>();
    private final ArrayDeque<FilePacket> ready = new ArrayDeque<>();
    private boolean closed;

    private MatroskaFile(FFmpegFrameGrabber grabber, List<CodecParameters> streams, AVRational[] timeBases,
            boolean[] reordered, long[] frameInterval, int videoStream, double frameRate) {
        this.grabber = grabber;
        this.streams = streams;
        this.timeBases = timeBases;
        this.reordered = reordered;
        this.frameInterval = frameInterval;
        this.videoStream = videoStream;
        this.frameRate = frameRate;
    }

    /**
     * Opens a file and reads its stream layout.
     *
     * @throws OpenException when it is no Matroska file with a video stream FFmpeg can read
     */
    static MatroskaFile open(Path file) throws OpenException {
        // Above errors, JavaCV prints a dump of every file it opens, once per loop.
        FfmpegLog.errorsOnly();
        // The file protocol and a forced demuxer: whatever the file holds, FFmpeg reads it as Matroska
        // and opens nothing else (no playlists, no references to other files or URLs).
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber("file:" + file.toAbsolutePath());
        grabber.setFormat("matroska");
        grabber.setOption("protocol_whitelist", "file");
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        grabber.setVideoOption("threads", "1");
        boolean opened = false;
        try {
            // Without JavaCV's process-wide lock: a camera slow to answer elsewhere must not hold this up.
            grabber.startUnsafe(false);
            AVFormatContext context = grabber.getFormatContext();
            // Works out which streams reorder frames, so that FFmpeg can give their packets decoding times.
            int probed = avformat_find_stream_info(context, (PointerPointer<?>) null);
            if (probed < 0) {
                throw new OpenException("FFmpeg cannot read its streams (error " + probed + ")");
            }
            int count = context.nb_streams();
            List<CodecParameters> streams = new ArrayList<>(count);
            AVRational[] timeBases = new AVRational[count];
            boolean[] reordered = new boolean[count];
            long[] interval = new long[count];
            int video = -1;
            double frameRate = 0;
            for (int i = 0; i < count; i++) {
                AVStream stream = context.streams(i);
                AVRational timeBase = stream.time_base();
                timeBases[i] = new AVRational().num(timeBase.num()).den(timeBase.den());
                CodecParameters parameters = FfmpegStreams.fromFfmpeg(i, stream.codecpar());
                streams.add(parameters);
                reordered[i] = stream.codecpar().video_delay() > 0;
                AVRational rate = stream.avg_frame_rate();
                if (parameters.kind() == MediaKind.VIDEO && rate.num() > 0 && rate.den() > 0) {
                    interval[i] = 1_000_000L * rate.den() / rate.num();
                    if (video < 0) {
                        frameRate = (double) rate.num() / rate.den();
                    }
                }
                if (parameters.kind() == MediaKind.VIDEO && video < 0) {
                    video = i;
                }
            }
            if (video < 0) {
                throw new OpenException("it has no video stream");
            }
            opened = true;
            return new MatroskaFile(grabber, List.copyOf(streams), timeBases, reordered, interval, video, frameRate);
        } catch (FrameGrabber.Exception e) {
            throw new OpenException("it is no Matroska file FFmpeg can read");
        } finally {
            if (!opened) {
                release(grabber);
            }
        }
    }

    /** The elementary streams, indexed as {@link FilePacket#stream()}. */
    List<CodecParameters> streams() {
        return streams;
    }

    /** The index of the first video stream, whose keyframes start each loop. */
    int videoStream() {
        return videoStream;
    }

    /** Frames per second of the first video stream, 0 when the file does not say. */
    double frameRate() {
        return frameRate;
    }

    /** The nominal length of one frame of a stream in microseconds, 0 when unknown. */
    long frameInterval(int stream) {
        return frameInterval[stream];
    }

    /**
     * The next packet in file order.
     *
     * @return the packet, or {@code null} at the end of the file
     * @throws FrameGrabber.Exception when the file cannot be read on
     */
    FilePacket next() throws FrameGrabber.Exception {
        while (ready.isEmpty()) {
            AVPacket packet = grabber.grabPacket();
            if (packet == null) {
                // The end came before FFmpeg knew a decoding time: presentation order is all there is.
                held.forEach(p -> ready.add(p.dtsMicros() == NONE ? p.withDts(p.ptsMicros()) : p));
                held.clear();
                return ready.poll();
            }
            try {
                FilePacket read = copy(packet);
                if (read != null) {
                    sort(read);
                }
            } finally {
                // grabPacket hands out one reused packet; its buffer is released once copied.
                av_packet_unref(packet);
            }
        }
        return ready.poll();
    }

    private FilePacket copy(AVPacket packet) {
        byte[] payload = FfmpegPackets.payload(packet, streams.size());
        if (payload == null) {
            return null;
        }
        int index = packet.stream_index();
        long pts = micros(packet.pts(), index);
        long dts = micros(packet.dts(), index);
        long duration = packet.duration() > 0 ? micros(packet.duration(), index) : 0;
        if (pts == NONE) {
            pts = dts;
        }
        return new FilePacket(index, pts, dts, duration, FfmpegPackets.isKeyframe(packet), payload);
    }

    private long micros(long value, int stream) {
        return value == NO_TIMESTAMP ? NONE : av_rescale_q(value, timeBases[stream], micros);
    }

    /** Holds packets back while a reordering stream still lacks decoding times, to keep file order. */
    private void sort(FilePacket packet) {
        boolean waiting = packet.dtsMicros() == NONE && packet.ptsMicros() != NONE && reordered[packet.stream()];
        if (held.isEmpty() && !waiting) {
            ready.add(packet.dtsMicros() == NONE ? packet.withDts(packet.ptsMicros()) : packet);
            return;
        }
        held.add(packet);
        boolean known = packet.dtsMicros() != NONE && reordered[packet.stream()];
        if (known || held.size() >= MAX_HELD) {
            backfill(known ? packet : null);
        }
    }

    /**
     * Gives the held packets of the stream that now has a decoding time the times of the frames just
     * before it, one frame apart, never after their presentation times; releases everything held.
     */
    private void backfill(FilePacket known) {
        if (known != null) {
            long step = frameInterval[known.stream()] > 0 ? frameInterval[known.stream()] : FALLBACK_INTERVAL_MICROS;
            long dts = known.dtsMicros();
            List<FilePacket> packets = new ArrayList<>(held);
            for (int i = packets.size() - 2; i >= 0; i--) {
                FilePacket p = packets.get(i);
                if (p.stream() == known.stream() && p.dtsMicros() == NONE) {
                    dts = Math.min(dts - step, p.ptsMicros());
                    packets.set(i, p.withDts(dts));
                }
            }
            held.clear();
            held.addAll(packets);
        }
        held.forEach(p -> ready.add(p.dtsMicros() == NONE ? p.withDts(p.ptsMicros()) : p));
        held.clear();
    }

    /**
     * Goes back to the start of the file for the next loop.
     *
     * @return whether it worked; when it did not, the caller opens the file again
     */
    boolean rewind() {
        held.clear();
        ready.clear();
        return av_seek_frame(grabber.getFormatContext(), -1, Long.MIN_VALUE, AVSEEK_FLAG_BACKWARD) >= 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(grabber);
            micros.close();
            for (AVRational timeBase : timeBases) {
                timeBase.close();
            }
        }
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.releaseUnsafe();
        } catch (FrameGrabber.Exception e) {
            // Nothing left to do with a file that is being put away.
        }
    }
}
