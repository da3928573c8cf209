package org.osprey.media.http.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.sws_alloc_context;
import static org.bytedeco.ffmpeg.global.swscale.sws_free_context;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale_frame;

import java.io.IOException;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.media.ffmpeg.FfmpegErrors;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * Turns one keyframe into a JPEG: the only place the media endpoints decode. A keyframe decodes on its own,
 * so one packet is all it takes; an M-JPEG frame already is a JPEG and is returned as it is.
 */
final class SnapshotEncoder {

    /** MJPEG quantiser: 2 is near lossless, 31 worst; 3 keeps detail at a third of the size of 2. */
    private static final int QUALITY = 3;

    private SnapshotEncoder() {
    }

    /**
     * The JPEG of a keyframe.
     *
     * @param streams  the streams the packet belongs to
     * @param keyframe a video keyframe
     * @throws IOException when it does not decode
     */
    static byte[] jpeg(List<CodecParameters> streams, MediaPacket keyframe) throws IOException {
        CodecParameters stream = streams.stream().filter(s -> s.index() == keyframe.streamIndex()).findFirst()
                .orElseThrow(() -> new IOException("the keyframe's stream is not known"));
        byte[] data = new byte[keyframe.size()];
        keyframe.data().duplicate().get(data);
        if (data.length > 2 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8) {
            return data;
        }
        AVFrame picture = decode(stream, data);
        try {
            return encode(picture);
        } finally {
            av_frame_free(picture);
        }
    }

    private static AVFrame decode(CodecParameters stream, byte[] data) throws IOException {
        AVCodec codec = avcodec_find_decoder(FfmpegStreams.codecId(stream.codec()));
        if (codec == null) {
            throw new IOException("no decoder for " + stream.codec());
        }
        AVCodecContext context = avcodec_alloc_context3(codec);
        AVCodecParameters parameters = avcodec_parameters_alloc();
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        boolean done = false;
        try {
            FfmpegStreams.toFfmpeg(parameters, stream, stream.extradata());
            FfmpegErrors.check(avcodec_parameters_to_context(context, parameters), "describe the stream to the decoder");
            // One thread: frame threading would hold the picture back until more packets come.
            context.thread_count(1);
            FfmpegErrors.check(avcodec_open2(context, codec, (AVDictionary) null), "open the " + stream.codec() + " decoder");
            FfmpegErrors.check(av_new_packet(packet, data.length), "allocate a packet");
            packet.data().position(0).capacity(data.length).put(data, 0, data.length);
            FfmpegErrors.check(avcodec_send_packet(context, packet), "decode the keyframe");
            FfmpegErrors.check(avcodec_send_packet(context, null), "drain the decoder");
            FfmpegErrors.check(avcodec_receive_frame(context, frame), "decode the keyframe");
            done = true;
            return frame;
        } finally {
            if (!done) {
                av_frame_free(frame);
            }
            av_packet_unref(packet);
            av_packet_free(packet);
            avcodec_parameters_free(parameters);
            avcodec_free_context(context);
        }
    }

    private static byte[] encode(AVFrame picture) throws IOException {
        int width = picture.width();
        int height = picture.height();
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
        AVCodecContext context = avcodec_alloc_context3(codec);
        AVFrame converted = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        SwsContext scaler = null;
        try {
            // Full-range 4:2:0, what JPEG viewers expect. The scaler sets itself up from both frames' formats
            // and ranges; H.264 and H.265 without a range flag are limited range, which is expanded here.
            scaler = sws_alloc_context();
            if (picture.color_range() != AVCOL_RANGE_JPEG) {
                picture.color_range(AVCOL_RANGE_MPEG);
            }
            converted.format(AV_PIX_FMT_YUV420P);
            converted.color_range(AVCOL_RANGE_JPEG);
            converted.width(width);
            converted.height(height);
            FfmpegErrors.check(sws_scale_frame(scaler, converted, picture), "convert the picture");

            context.width(width);
            context.height(height);
            context.pix_fmt(AV_PIX_FMT_YUV420P);
            context.color_range(AVCOL_RANGE_JPEG);
            context.time_base(av_make_q(1, 25));
            context.flags(context.flags() | AV_CODEC_FLAG_QSCALE);
            context.global_quality(QUALITY * FF_QP2LAMBDA);
            FfmpegErrors.check(avcodec_open2(context, codec, (AVDictionary) null), "open the JPEG encoder");
            converted.quality(context.global_quality());
            FfmpegErrors.check(avcodec_send_frame(context, converted), "encode the JPEG");
            FfmpegErrors.check(avcodec_send_frame(context, null), "drain the JPEG encoder");
            FfmpegErrors.check(avcodec_receive_packet(context, packet), "encode the JPEG");
            byte[] jpeg = new byte[packet.size()];
            packet.data().position(0).capacity(jpeg.length).get(jpeg);
            return jpeg;
        } finally {
            if (scaler != null) {
                sws_free_context(scaler);
            }
            av_packet_unref(packet);
            av_packet_free(packet);
            av_frame_free(converted);
            avcodec_free_context(context);
        }
    }
}
