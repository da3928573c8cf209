package org.osprey.device.stream.internal;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.media.ffmpeg.FfmpegErrors;
import org.osprey.media.ffmpeg.FfmpegLog;
import org.osprey.media.ffmpeg.FfmpegPackets;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * One open connection to a camera through FFmpeg, read packet by packet and never decoded. Not thread
 * safe: one thread at a time opens, reads and closes it.
 */
final class StreamConnection implements MediaConnection {

    /**
     * Enough to see every stream of a camera, bounded so a strange stream cannot stall the start. The
     * frame rate is taken from what the stream declares rather than measured over 20 frames, which
     * would hold every start for more than a second at 15 fps.
     */
    private static final String PROBE_SIZE = "1000000";
    private static final String ANALYZE_MICROS = "1000000";
    private static final String FPS_PROBE_FRAMES = "0";
    private static final String USER_AGENT = "Osprey VMS";
    /**
     * What FFmpeg may open beneath the URL, so that nothing a server answers (a playlist, a redirect)
     * can lead it to files or other protocols.
     */
    private static final String RTSP_PROTOCOLS = "rtsp,rtsps,rtp,srtp,udp,tcp,tls,http,https";
    private static final String HTTP_PROTOCOLS = "http,https,tcp,tls";

    private final FFmpegFrameGrabber grabber;
    private final List<CodecParameters> streams;
    private final int[] timeBaseNum;
    private final int[] timeBaseDen;
    private final double frameRate;
    private final WallClockTimestamps timestamps;
    /** Multipart M-JPEG has no timestamps: FFmpeg would count frames at a guessed rate instead. */
    private final boolean arrivalTimes;
    private boolean closed;

    private StreamConnection(FFmpegFrameGrabber grabber, List<CodecParameters> streams, int[] timeBaseNum,
            int[] timeBaseDen, double frameRate, WallClockTimestamps timestamps, boolean arrivalTimes) {
        this.grabber = grabber;
        this.arrivalTimes = arrivalTimes;
        this.streams = streams;
        this.timeBaseNum = timeBaseNum;
        this.timeBaseDen = timeBaseDen;
        this.frameRate = frameRate;
        this.timestamps = timestamps;
    }

    /**
     * Connects and reads the stream's parameters; blocks for at most about twice the timeout.
     *
     * @param clock the wall clock in microseconds since the epoch
     * @throws OpenException when the camera cannot be reached or sends nothing usable
     */
    static StreamConnection open(StreamSettings settings, LongSupplier clock) throws OpenException {
        // At info level JavaCV dumps each opened input, and FFmpeg's dump quotes the URL with its credentials.
        FfmpegLog.errorsOnly();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(settings.connectionUrl());
        configure(grabber, settings);
        boolean started = false;
        try {
            // The unsafe variants skip JavaCV's process-wide lock around open and close: one camera that
            // takes its time to answer must not hold up every other camera's connection.
            grabber.startUnsafe(false);
            // Right after PLAY: the first packet was sent about now.
            long anchor = clock.getAsLong();
            AVFormatContext context = grabber.getFormatContext();
            int result = avformat_find_stream_info(context, (PointerPointer<?>) null);
            if (result < 0) {
                throw new OpenException("it sent nothing usable (" + FfmpegErrors.describe(result) + ")",
                        FfmpegErrors.isAuthorizationFailure(result));
            }
            int count = context.nb_streams();
            List<CodecParameters> streams = new ArrayList<>(count);
            int[] num = new int[count];
            int[] den = new int[count];
            double frameRate = 0;
            for (int i = 0; i < count; i++) {
                AVStream stream = context.streams(i);
                AVRational timeBase = stream.time_base();
                num[i] = timeBase.num();
                den[i] = timeBase.den();
                CodecParameters parameters = FfmpegStreams.fromFfmpeg(i, stream.codecpar());
                streams.add(parameters);
                if (parameters.kind() == MediaKind.VIDEO && frameRate == 0) {
                    // Not r_frame_rate: without measuring frames it is a guess such as 90000.
                    frameRate = FfmpegStreams.frameRate(stream.avg_frame_rate());
                }
            }
            started = true;
            return new StreamConnection(grabber, List.copyOf(streams), num, den, frameRate,
                    new WallClockTimestamps(clock, anchor), !settings.url().isRtsp());
        } catch (FrameGrabber.Exception e) {
            // JavaCV's message quotes the URL, credentials included: only its error code leaves here.
            int code = FfmpegErrors.codeOf(e);
            throw new OpenException(FfmpegErrors.describe(code), FfmpegErrors.isAuthorizationFailure(code));
        } finally {
            if (!started) {
                release(grabber);
            }
        }
    }

    private static void configure(FFmpegFrameGrabber grabber, StreamSettings settings) {
        String timeoutMicros = Long.toString(settings.timeout().toNanos() / 1000);
        // Packets are relayed, never decoded here: no pixel conversion buffers, no decoder threads.
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        grabber.setVideoOption("threads", "1");
        grabber.setAudioOption("threads", "1");
        grabber.setOption("probesize", PROBE_SIZE);
        grabber.setOption("analyzeduration", ANALYZE_MICROS);
        grabber.setOption("fpsprobesize", FPS_PROBE_FRAMES);
        grabber.setOption("user_agent", USER_AGENT);
        grabber.setOption("timeout", timeoutMicros);
        if (settings.url().isRtsp()) {
            grabber.setFormat("rtsp");
            grabber.setOption("rtsp_transport", settings.transport().option());
            grabber.setOption("protocol_whitelist", RTSP_PROTOCOLS);
        } else {
            // A forced demuxer: whatever the server sends is read as multipart JPEG, never probed as a
            // playlist or a concat script that could name other URLs.
            grabber.setFormat("mpjpeg");
            grabber.setOption("rw_timeout", timeoutMicros);
            grabber.setOption("protocol_whitelist", HTTP_PROTOCOLS);
        }
    }

    @Override
    public List<CodecParameters> streams() {
        return streams;
    }

    @Override
    public double frameRate() {
        return frameRate;
    }

    @Override
    public MediaPacket next() throws IOException {
        while (true) {
            AVPacket packet;
            try {
                packet = grabber.grabPacket();
            } catch (FrameGrabber.Exception e) {
                // JavaCV's message may quote the URL: only the kind of failure goes on.
                throw new IOException("FFmpeg read failed");
            }
            if (packet == null) {
                return null;
            }
            try {
                byte[] payload = FfmpegPackets.payload(packet, streams.size());
                if (payload == null) {
                    continue;
                }
                int index = packet.stream_index();
                long pts = WallClockTimestamps.toMicros(packet.pts(), timeBaseNum[index], timeBaseDen[index]);
                long dts = WallClockTimestamps.toMicros(packet.dts(), timeBaseNum[index], timeBaseDen[index]);
                long duration = packet.duration() > 0
                        ? WallClockTimestamps.toMicros(packet.duration(), timeBaseNum[index], timeBaseDen[index])
                        : 0;
                WallClockTimestamps.Mapped mapped = arrivalTimes ? timestamps.arrival(index)
                        : timestamps.map(index, pts, dts);
                return new MediaPacket(index, mapped.ptsMicros(), mapped.dtsMicros(), duration,
                        FfmpegPackets.isKeyframe(packet), ByteBuffer.wrap(payload));
            } finally {
                // grabPacket hands out one reused packet; its buffer is ours to release once copied.
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(grabber);
        }
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.releaseUnsafe();
        } catch (FrameGrabber.Exception e) {
            // Nothing left to do with a connection that is being thrown away.
        }
    }
}
