package org.osprey.recording.internal;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;

/**
 * A real H.264 clip made once per test run with libopenh264: 10 s of 320x240 at 25 fps with a keyframe
 * every second, over a noisy moving texture so it compresses like a camera picture rather than to nothing.
 */
final class TestClip {

    static final int FPS = 25;
    static final int FRAMES = 250;
    static final long FRAME_MICROS = 1_000_000L / FPS;
    static final long GOP_MICROS = 1_000_000L;
    static final long LENGTH_MICROS = FRAMES * FRAME_MICROS;

    private static TestClip instance;
    private static TestClip sliced;

    private final CodecParameters video;
    /** Payload, pts offset from the clip start, keyframe flag. */
    private final List<byte[]> payloads = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private final List<Boolean> keyframes = new ArrayList<>();

    static synchronized TestClip get() throws Exception {
        if (instance == null) {
            instance = new TestClip(1);
        }
        return instance;
    }

    /** The same clip encoded with two slices per picture, as multi-threaded camera encoders make them. */
    static synchronized TestClip sliced() throws Exception {
        if (sliced == null) {
            sliced = new TestClip(2);
        }
        return sliced;
    }

    private TestClip(int slices) throws Exception {
        Path folder = Files.createTempDirectory("osprey-clip");
        Path file = folder.resolve("clip.mkv");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), 320, 240, 0)) {
            recorder.setFormat("matroska");
            recorder.setVideoCodecName("libopenh264");
            recorder.setFrameRate(FPS);
            recorder.setGopSize(FPS);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setVideoBitrate(400_000);
            recorder.setVideoOption("slices", Integer.toString(slices));
            recorder.start();
            Random noise = new Random(7);
            Frame frame = new Frame(320, 240, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < FRAMES; i++) {
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                for (int y = 0; y < 240; y++) {
                    for (int x = 0; x < 320 * 3; x++) {
                        pixels.put(y * frame.imageStride + x, (byte) (x / 3 + y + i * 4 + noise.nextInt(24)));
                    }
                }
                recorder.record(frame);
            }
            recorder.stop();
        }
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toString())) {
            grabber.start();
            AVStream stream = grabber.getFormatContext().streams(0);
            AVCodecParameters parameters = stream.codecpar();
            byte[] extradata = new byte[parameters.extradata_size()];
            parameters.extradata().get(extradata);
            video = new CodecParameters(0, MediaKind.VIDEO, "h264", parameters.width(), parameters.height(), 0, 0,
                    extradata);
            long num = stream.time_base().num() * 1_000_000L;
            long den = stream.time_base().den();
            AVPacket packet;
            while ((packet = grabber.grabPacket()) != null) {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                payloads.add(data);
                offsets.add(packet.pts() * num / den);
                keyframes.add((packet.flags() & AV_PKT_FLAG_KEY) != 0);
            }
            grabber.stop();
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(folder);
        if (payloads.size() != FRAMES || !keyframes.get(0)) {
            throw new IllegalStateException("unexpected test clip: " + payloads.size() + " packets");
        }
    }

    List<CodecParameters> streams() {
        return List.of(video);
    }

    /** The clip's packets stamped as if a camera had sent them from {@code startMicros} on. */
    List<MediaPacket> packets(long startMicros) {
        return packets(startMicros, 0, FRAMES);
    }

    /** Packets {@code from} (inclusive) to {@code to} (exclusive) of the clip, stamped from {@code startMicros}. */
    List<MediaPacket> packets(long startMicros, int from, int to) {
        List<MediaPacket> packets = new ArrayList<>();
        for (int i = from; i < to; i++) {
            long pts = startMicros + offsets.get(i);
            packets.add(new MediaPacket(0, pts, pts, 0, keyframes.get(i), ByteBuffer.wrap(payloads.get(i))));
        }
        return packets;
    }

    /** Offsets of the keyframes from the clip start. */
    List<Long> keyframeOffsets() {
        List<Long> result = new ArrayList<>();
        for (int i = 0; i < offsets.size(); i++) {
            if (keyframes.get(i)) {
                result.add(offsets.get(i));
            }
        }
        return result;
    }
}
