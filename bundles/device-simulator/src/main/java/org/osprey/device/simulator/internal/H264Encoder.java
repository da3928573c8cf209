package org.osprey.device.simulator.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;

import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.media.ffmpeg.FfmpegLog;
import org.osprey.media.ffmpeg.FfmpegPackets;

/**
 * H.264 from raw pictures with FFmpeg's OpenH264 encoder (the LGPL build has no x264), in memory:
 * each picture gives at most one access unit in Annex B form, with no B-frames and so no delay. The
 * SPS and PPS come as extradata, so consumers know the stream before its first packet.
 *
 * <p>Not thread safe: one thread at a time encodes and closes.
 */
final class H264Encoder implements AutoCloseable {

    /** AVERROR(EAGAIN): the encoder wants the next picture. The bundled natives are Linux's, where EAGAIN is 11. */
    private static final int AGAIN = -11;

    /** One encoded picture. */
    record EncodedPicture(byte[] data, boolean keyframe) {
    }

    private final int width;
    private final int height;
    private AVCodecContext context;
    private AVFrame frame;
    private AVPacket packet;
    private final CodecParameters parameters;
    private long frames;

    /**
     * Opens the encoder.
     *
     * @param frameRate pictures per second, also the keyframe interval (one a second)
     * @param bitRate   target bit rate in bit/s
     * @throws IllegalStateException when FFmpeg has no OpenH264 encoder or refuses the settings
     */
    H264Encoder(int width, int height, int frameRate, int bitRate) {
        this.width = width;
        this.height = height;
        // OpenH264 explains its tuning at warning level for every encoder opened.
        FfmpegLog.errorsOnly();
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            throw new IllegalStateException("FFmpeg has no OpenH264 encoder");
        }
        context = avcodec_alloc_context3(codec);
        try {
            context.width(width);
            context.height(height);
            context.pix_fmt(AV_PIX_FMT_YUV420P);
            context.time_base().num(1).den(frameRate);
            context.framerate().num(frameRate).den(1);
            context.gop_size(frameRate);
            context.max_b_frames(0);
            context.bit_rate(bitRate);
            context.thread_count(1);
            context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            int result = avcodec_open2(context, codec, (AVDictionary) null);
            if (result < 0) {
                throw new IllegalStateException("OpenH264 refused " + width + "x" + height + " at " + frameRate
                        + " fps (error " + result + ")");
            }
            byte[] extradata = new byte[Math.max(0, context.extradata_size())];
            if (extradata.length > 0) {
                context.extradata().get(extradata);
            }
            parameters = new CodecParameters(0, MediaKind.VIDEO, "h264", width, height, 0, 0, extradata);
            frame = av_frame_alloc();
            frame.format(AV_PIX_FMT_YUV420P);
            frame.width(width);
            frame.height(height);
            if (av_frame_get_buffer(frame, 0) < 0) {
                throw new IllegalStateException("no memory for a " + width + "x" + height + " picture");
            }
            packet = av_packet_alloc();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The stream as consumers see it: H.264 with SPS and PPS as extradata, stream index 0. */
    CodecParameters parameters() {
        return parameters;
    }

    /**
     * Encodes one picture.
     *
     * @param keyframe forces a keyframe, from which the next keyframes are one second apart again
     * @param output   receives the access unit; OpenH264 may skip a picture and give none
     */
    void encode(SyntheticPicture picture, boolean keyframe, Consumer<EncodedPicture> output) {
        if (av_frame_make_writable(frame) < 0) {
            throw new IllegalStateException("picture buffer not writable");
        }
        copy(picture.y(), frame.data(0), frame.linesize(0), width, height);
        copy(picture.u(), frame.data(1), frame.linesize(1), width / 2, height / 2);
        copy(picture.v(), frame.data(2), frame.linesize(2), width / 2, height / 2);
        frame.pts(frames++);
        frame.pict_type(keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        int result = avcodec_send_frame(context, frame);
        if (result < 0) {
            throw new IllegalStateException("OpenH264 refused a picture (error " + result + ")");
        }
        while ((result = avcodec_receive_packet(context, packet)) >= 0) {
            try {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                output.accept(new EncodedPicture(data, FfmpegPackets.isKeyframe(packet)));
            } finally {
                av_packet_unref(packet);
            }
        }
        if (result != AGAIN) {
            throw new IllegalStateException("OpenH264 failed (error " + result + ")");
        }
    }

    private static void copy(byte[] plane, BytePointer target, int lineSize, int planeWidth, int planeHeight) {
        if (lineSize == planeWidth) {
            target.position(0).put(plane, 0, planeWidth * planeHeight);
        } else {
            for (int row = 0; row < planeHeight; row++) {
                target.position((long) row * lineSize).put(plane, row * planeWidth, planeWidth);
            }
        }
        target.position(0);
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (context != null) {
            avcodec_free_context(context);
            context = null;
        }
    }
}
