package org.osprey.media.http.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * Small H.264 clips encoded by the test itself with libopenh264 (the LGPL build has no x264): a moving
 * gradient with a keyframe every {@link #GOP} frames, as a camera or as a recording would deliver it.
 */
final class TestVideo {

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FPS = 25;
    static final int GOP = 25;
    static final long FRAME_MICROS = 1_000_000L / FPS;

    /** Encoded frames in decoding order (the encoder makes no B-frames, so also presentation order). */
    record Clip(CodecParameters video, List<byte[]> frames, List<Boolean> keyframes) {

        /** The clip as a camera sends it from a wall-clock start: one packet per frame. */
        List<MediaPacket> packets(long startMicros) {
            List<MediaPacket> packets = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                long time = startMicros + i * FRAME_MICROS;
                packets.add(new MediaPacket(video.index(), time, time, FRAME_MICROS, keyframes.get(i),
                        ByteBuffer.wrap(frames.get(i))));
            }
            return packets;
        }

        List<CodecParameters> streams() {
            return List.of(video);
        }
    }

    private TestVideo() {
    }

    /**
     * Frames as an RTSP camera delivers them: Annex B start codes, parameter sets in-band before each
     * keyframe and, when {@code withExtradata} is false, no codec configuration up front.
     */
    static Clip annexB(int frames, boolean withExtradata) throws Exception {
        Path file = encode(frames, "h264", Map.of());
        try {
            return read(file, withExtradata);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Frames as the Matroska demuxer returns them from a recording: length-prefixed, with avcC extradata. */
    static Clip matroska(int frames) throws Exception {
        Path file = encode(frames, "matroska", Map.of());
        try {
            return read(file, true);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Writes frames into a file of the given format, with format-level tags. */
    static Path encode(int frames, String format, Map<String, String> tags) throws Exception {
        Path file = Files.createTempFile("osprey-media-test", "." + (format.equals("h264") ? "h264" : "mkv"));
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), WIDTH, HEIGHT, 0)) {
            recorder.setFormat(format);
            recorder.setVideoCodecName("libopenh264");
            recorder.setFrameRate(FPS);
            recorder.setGopSize(GOP);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setVideoBitrate(300_000);
            tags.forEach(recorder::setMetadata);
            recorder.start();
            Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            for (int i = 0; i < frames; i++) {
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        int at = y * frame.imageStride + x * 3;
                        pixels.put(at, (byte) (x + i * 3));
                        pixels.put(at + 1, (byte) (y * 2));
                        pixels.put(at + 2, (byte) ((x ^ y) + i));
                    }
                }
                recorder.record(frame);
            }
            recorder.stop();
        }
        return file;
    }

    /**
     * Keyframes delivered as two packets a microsecond apart, as the stream driver delivers a picture some
     * cameras send slice by slice: split in front of the IDR slice, both flagged as keyframes.
     */
    static List<MediaPacket> splitKeyframes(List<MediaPacket> annexB) {
        List<MediaPacket> split = new ArrayList<>();
        for (MediaPacket packet : annexB) {
            byte[] data = new byte[packet.size()];
            packet.data().duplicate().get(data);
            int idr = -1;
            for (int i = 0; i + 3 < data.length; i++) {
                if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1F) == 5) {
                    idr = i > 0 && data[i - 1] == 0 ? i - 1 : i;
                    break;
                }
            }
            if (!packet.keyframe() || idr <= 0) {
                split.add(packet);
                continue;
            }
            split.add(new MediaPacket(packet.streamIndex(), packet.ptsMicros(), packet.dtsMicros(), 0, true,
                    ByteBuffer.wrap(java.util.Arrays.copyOfRange(data, 0, idr))));
            // A microsecond later, as the stream driver keeps decoding times strictly increasing.
            split.add(new MediaPacket(packet.streamIndex(), packet.ptsMicros() + 1, packet.dtsMicros() + 1,
                    packet.durationMicros(), true, ByteBuffer.wrap(java.util.Arrays.copyOfRange(data, idr, data.length))));
        }
        return split;
    }

    private static Clip read(Path file, boolean withExtradata) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        List<Boolean> keyframes = new ArrayList<>();
        CodecParameters video;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toString())) {
            grabber.start();
            CodecParameters probed = FfmpegStreams.fromFfmpeg(0, grabber.getFormatContext().streams(0).codecpar());
            video = new CodecParameters(0, MediaKind.VIDEO, probed.codec(), WIDTH, HEIGHT, 0, 0,
                    withExtradata ? probed.extradata() : new byte[0]);
            AVPacket packet;
            while ((packet = grabber.grabPacket()) != null) {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                frames.add(data);
                keyframes.add((packet.flags() & AV_PKT_FLAG_KEY) != 0);
            }
            grabber.stop();
        }
        return new Clip(video, frames, keyframes);
    }
}
