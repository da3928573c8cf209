package org.osprey.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;

/** The platform's description of an elementary stream, {@link CodecParameters}, to and from FFmpeg's. */
public final class FfmpegStreams {

    private FfmpegStreams() {
    }

    /**
     * FFmpeg's codec id for a codec name of {@link CodecParameters#codec()}, or -1 when FFmpeg does not
     * know it.
     */
    public static int codecId(String name) {
        AVCodecDescriptor descriptor = avcodec_descriptor_get_by_name(name);
        return descriptor == null ? -1 : descriptor.id();
    }

    /**
     * The platform's description of a demuxed stream: video and audio with their sizes and rates,
     * anything else as {@link MediaKind#METADATA}.
     */
    public static CodecParameters fromFfmpeg(int index, AVCodecParameters codec) {
        String name = avcodec_get_name(codec.codec_id()).getString(StandardCharsets.UTF_8);
        byte[] extradata = new byte[Math.max(0, codec.extradata_size())];
        if (extradata.length > 0 && codec.extradata() != null) {
            codec.extradata().position(0).get(extradata);
        }
        return switch (codec.codec_type()) {
            case AVMEDIA_TYPE_VIDEO -> new CodecParameters(index, MediaKind.VIDEO, name, codec.width(), codec.height(),
                    0, 0, extradata);
            case AVMEDIA_TYPE_AUDIO -> new CodecParameters(index, MediaKind.AUDIO, name, 0, 0, codec.sample_rate(),
                    codec.ch_layout().nb_channels(), extradata);
            default -> new CodecParameters(index, MediaKind.METADATA, name, 0, 0, 0, 0, extradata);
        };
    }

    /**
     * Fills FFmpeg's description of a video or audio stream from the platform's. The extradata is copied
     * into a buffer FFmpeg owns, so it is freed with the context that holds the parameters.
     *
     * @param extradata the codec configuration to give FFmpeg: the stream's own, or one taken from a
     *                  keyframe when the stream carries its parameter sets in band
     */
    public static void toFfmpeg(AVCodecParameters target, CodecParameters source, byte[] extradata) {
        target.codec_type(source.kind() == MediaKind.VIDEO ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO);
        target.codec_id(codecId(source.codec()));
        if (source.kind() == MediaKind.VIDEO) {
            target.width(source.width());
            target.height(source.height());
        } else {
            target.sample_rate(source.sampleRate());
            av_channel_layout_default(target.ch_layout(), Math.max(1, source.channels()));
        }
        if (extradata.length > 0) {
            // FFmpeg wants zeroed padding behind the data.
            BytePointer buffer = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
            buffer.put(extradata, 0, extradata.length);
            target.extradata(buffer);
            target.extradata_size(extradata.length);
        }
    }

    /** Frames per second as FFmpeg gives a rate, 0 when it is unknown. */
    public static double frameRate(AVRational rate) {
        return rate.num() > 0 && rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
    }
}
