package org.osprey.device.file.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.media.ffmpeg.FfmpegLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code sample.mkv} in the prerecorded-video folder when it is not there: 20 s of 640x360 H.264
 * at 15 fps, encoded here with OpenH264, so a fresh server has a camera to show without downloading
 * anything. The picture moves everywhere and carries noise, so its bit rate and decoding cost are
 * those of a real scene rather than of a still test card.
 */
@Component(configurationPid = FileDeviceDriver.PID)
public class SampleVideo {

    static final String FILE_NAME = "sample.mkv";
    static final int WIDTH = 640;
    static final int HEIGHT = 360;
    static final int FRAME_RATE = 15;
    static final int SECONDS = 20;
    static final int BIT_RATE = 800_000;

    /** Noise is read from this table at a moving offset; its length is prime so the pattern never lines up. */
    private static final int NOISE_LENGTH = 65_521;
    private static final int NOISE_AMPLITUDE = 24;

    private static final Logger LOGGER = LoggerFactory.getLogger(SampleVideo.class);
    private final Future<?> job;

    @Activate
    public SampleVideo(@Reference SchedulerService schedulers, FileDeviceDriver.Config config) {
        VideoFolder folder = VideoFolder.of(config.folder());
        job = config.createSample() ? schedulers.ioScheduler().submit(() -> ensure(folder)) : null;
    }

    @Deactivate
    void deactivate() {
        if (job != null) {
            job.cancel(true);
        }
    }

    /** Writes the sample into the folder unless it is there; failures are logged, never thrown. */
    static void ensure(VideoFolder folder) {
        Path target = folder.path().resolve(FILE_NAME);
        if (Files.exists(target)) {
            return;
        }
        long start = System.nanoTime();
        try {
            Files.createDirectories(folder.path());
            // Written under a name no device can choose, then moved into place whole: a camera never
            // plays a half-written sample.
            Path part = folder.path().resolve(".sample.mkv.part");
            try {
                write(part, WIDTH, HEIGHT, FRAME_RATE, FRAME_RATE, SECONDS * FRAME_RATE, BIT_RATE);
                move(part, target);
            } finally {
                Files.deleteIfExists(part);
            }
            LOGGER.info("Made the sample video {} in {} ms", target, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedIOException e) {
            LOGGER.debug("Making the sample video was cancelled");
        } catch (IOException | RuntimeException | LinkageError e) {
            LOGGER.warn("The sample video {} could not be made: {}", target, e.toString());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /**
     * Encodes a generated clip into a Matroska file.
     *
     * @param frames    how many frames
     * @param gopFrames frames from one keyframe to the next
     * @throws InterruptedIOException when the thread is interrupted meanwhile; the file is then incomplete
     */
    static void write(Path file, int width, int height, int frameRate, int gopFrames, int frames, int bitRate)
            throws IOException {
        FfmpegLog.errorsOnly();
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder("file:" + file.toAbsolutePath(), width, height, 0);
        recorder.setFormat("matroska");
        recorder.setVideoCodecName("libopenh264");
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(frameRate);
        recorder.setGopSize(gopFrames);
        recorder.setVideoBitrate(bitRate);
        recorder.setVideoOption("threads", "1");
        recorder.setMetadata("title", "Osprey sample video");
        Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
        Painter painter = new Painter(width, height, frame.imageStride);
        try {
            recorder.start();
            for (int i = 0; i < frames; i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("cancelled after " + i + " frames");
                }
                painter.paint((ByteBuffer) frame.image[0], (double) i / frameRate);
                recorder.record(frame, AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("encoding failed: " + e.getMessage(), e);
        } finally {
            recorder.release();
            frame.close();
        }
    }

    /** Draws the sample's picture, in BGR: scrolling stripes, three moving discs and sensor-like noise. */
    private static final class Painter {
        private final int width;
        private final int height;
        private final int stride;
        private final byte[] row;
        private final byte[] noise = new byte[NOISE_LENGTH];

        Painter(int width, int height, int stride) {
            this.width = width;
            this.height = height;
            this.stride = stride;
            this.row = new byte[stride];
            SplittableRandom random = new SplittableRandom(20_261_124L);
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (byte) (random.nextInt(2 * NOISE_AMPLITUDE + 1) - NOISE_AMPLITUDE);
            }
        }

        void paint(ByteBuffer image, double seconds) {
            int shift = (int) (seconds * 40);
            int noiseOffset = (int) ((long) (seconds * 1000) * 7919 % NOISE_LENGTH);
            double[][] discs = {
                {width * (0.5 + 0.4 * Math.sin(seconds * 0.9)), height * (0.5 + 0.35 * Math.sin(seconds * 1.3)), 40},
                {width * (0.5 + 0.4 * Math.cos(seconds * 0.7)), height * (0.5 + 0.35 * Math.sin(seconds * 0.5)), 55},
                {width * ((seconds * 0.1) % 1.0), height * 0.8, 30},
            };
            int[][] colours = {{40, 140, 250}, {230, 120, 30}, {60, 220, 90}};
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    boolean stripe = ((x + y + shift) / 24 & 1) == 0;
                    int b = stripe ? 110 : 70;
                    int g = stripe ? 100 : 60;
                    int r = stripe ? 90 : 50;
                    for (int d = 0; d < discs.length; d++) {
                        double dx = x - discs[d][0];
                        double dy = y - discs[d][1];
                        if (dx * dx + dy * dy < discs[d][2] * discs[d][2]) {
                            b = colours[d][0];
                            g = colours[d][1];
                            r = colours[d][2];
                        }
                    }
                    int n = noise[(y * width + x + noiseOffset) % NOISE_LENGTH];
                    row[3 * x] = clamp(b + n);
                    row[3 * x + 1] = clamp(g + n);
                    row[3 * x + 2] = clamp(r + n);
                }
                image.put(y * stride, row, 0, width * 3);
            }
        }

        private static byte clamp(int value) {
            return (byte) Math.max(0, Math.min(255, value));
        }
    }
}
