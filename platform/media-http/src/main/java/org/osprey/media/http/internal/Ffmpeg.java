package org.osprey.media.http.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get_by_name;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacpp.BytePointer;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;

/** What every FFmpeg user in this bundle needs: error text and the platform's codec description. */
final class Ffmpeg {

    private Ffmpeg() {
    }

    /** Turns FFmpeg's negative error codes into exceptions that say what was being done. */
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

    /** FFmpeg's codec id for a codec name of {@link CodecParameters#codec()}, or -1 when unknown. */
    static int codecId(String name) {
        AVCodecDescriptor descriptor = avcodec_descriptor_get_by_name(name);
        return descriptor == null ? -1 : descriptor.id();
    }

    /** The platform's name of an FFmpeg codec id. */
    static String codecName(int codecId) {
        AVCodecDescriptor descriptor = avcodec_descriptor_get(codecId);
        return descriptor == null ? "unknown" : descriptor.name().getString(StandardCharsets.UTF_8);
    }

    /**
     * Fills FFmpeg's stream description from the platform's. The extradata is copied into a buffer FFmpeg
     * owns, so it is freed with the context that holds the parameters.
     */
    static void describe(AVCodecParameters parameters, CodecParameters source, byte[] extradata) {
        parameters.codec_type(source.kind() == MediaKind.VIDEO ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO);
        parameters.codec_id(codecId(source.codec()));
        if (source.kind() == MediaKind.VIDEO) {
            parameters.width(source.width());
            parameters.height(source.height());
        } else {
            parameters.sample_rate(source.sampleRate());
            av_channel_layout_default(parameters.ch_layout(), Math.max(1, source.channels()));
        }
        if (extradata.length > 0) {
            // FFmpeg wants zeroed padding behind the data.
            BytePointer buffer = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
            buffer.put(extradata, 0, extradata.length);
            parameters.extradata(buffer);
            parameters.extradata_size(extradata.length);
        }
    }

    /** The platform's description of a demuxed stream, or {@code null} for what is neither video nor audio. */
    static CodecParameters describe(int index, AVCodecParameters parameters) {
        MediaKind kind = parameters.codec_type() == AVMEDIA_TYPE_VIDEO ? MediaKind.VIDEO
                : parameters.codec_type() == AVMEDIA_TYPE_AUDIO ? MediaKind.AUDIO : null;
        if (kind == null) {
            return null;
        }
        byte[] extradata = new byte[Math.max(0, parameters.extradata_size())];
        if (extradata.length > 0) {
            parameters.extradata().position(0).get(extradata);
        }
        return new CodecParameters(index, kind, codecName(parameters.codec_id()), parameters.width(),
                parameters.height(), parameters.sample_rate(), parameters.ch_layout().nb_channels(), extradata);
    }
}
