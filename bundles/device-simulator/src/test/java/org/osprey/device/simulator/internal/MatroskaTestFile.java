package org.osprey.device.simulator.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;

/** Writes packets into a Matroska file with FFmpeg's muxer, as a recorder would, and decodes it back. */
final class MatroskaTestFile {

    private MatroskaTestFile() {
    }

    /** Muxes one H.264 stream, timestamps rebased to the first packet, in milliseconds. */
    static void write(Path file, CodecParameters video, List<MediaPacket> packets) {
        AVFormatContext output = new AVFormatContext(null);
        check(avformat_alloc_output_context2(output, null, "matroska", file.toString()), "output context");
        try {
            AVStream stream = avformat_new_stream(output, null);
            AVCodecParameters parameters = stream.codecpar();
            parameters.codec_type(AVMEDIA_TYPE_VIDEO);
            parameters.codec_id(AV_CODEC_ID_H264);
            parameters.width(video.width());
            parameters.height(video.height());
            byte[] extradata = video.extradata();
            BytePointer copy = new BytePointer(av_malloc(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE))
                    .capacity(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE);
            copy.put(extradata);
            copy.position(extradata.length).put(new byte[AV_INPUT_BUFFER_PADDING_SIZE]).position(0);
            parameters.extradata(copy);
            parameters.extradata_size(extradata.length);
            stream.time_base().num(1).den(1000);
            AVIOContext io = new AVIOContext(null);
            check(avio_open(io, "file:" + file, AVIO_FLAG_WRITE), "open");
            output.pb(io);
            check(avformat_write_header(output, (AVDictionary) null), "header");
            long origin = packets.get(0).dtsMicros();
            for (MediaPacket packet : packets) {
                AVPacket p = av_packet_alloc();
                check(av_new_packet(p, packet.size()), "packet");
                byte[] data = new byte[packet.size()];
                packet.data().duplicate().get(data);
                p.data().put(data);
                p.stream_index(0);
                p.pts((packet.ptsMicros() - origin) / 1000);
                p.dts((packet.dtsMicros() - origin) / 1000);
                p.flags(packet.keyframe() ? AV_PKT_FLAG_KEY : 0);
                check(av_interleaved_write_frame(output, p), "write");
                av_packet_free(p);
            }
            check(av_write_trailer(output), "trailer");
            avio_closep(output.pb());
        } finally {
            avformat_free_context(output);
        }
    }

    /** A decoded picture's luma plane, tightly packed. */
    record Luma(int width, int height, byte[] pixels, boolean keyframe) {
        int at(int x, int y) {
            return pixels[y * width + x] & 0xff;
        }
    }

    /** Decodes every picture of a file to its luma plane. */
    static List<Luma> decode(Path file) throws Exception {
        List<Luma> pictures = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(AV_PIX_FMT_GRAY8);
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                ByteBuffer image = (ByteBuffer) frame.image[0];
                byte[] pixels = new byte[frame.imageWidth * frame.imageHeight];
                for (int row = 0; row < frame.imageHeight; row++) {
                    image.get(row * frame.imageStride, pixels, row * frame.imageWidth, frame.imageWidth);
                }
                pictures.add(new Luma(frame.imageWidth, frame.imageHeight, pixels, frame.keyFrame));
            }
            grabber.stop();
        }
        return pictures;
    }

    private static void check(int result, String step) {
        if (result < 0) {
            throw new IllegalStateException(step + " failed: " + result);
        }
    }
}
