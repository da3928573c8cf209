package org.osprey.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.BytePointer;

/** Packets copied out of FFmpeg's and into FFmpeg's. */
public final class FfmpegPackets {

    private FfmpegPackets() {
    }

    /**
     * A copy of a demuxed packet's payload, which outlives FFmpeg's reuse of the packet.
     *
     * @param streams how many streams the input has; a packet of another stream is skipped
     * @return the payload, or {@code null} for a packet without data or of a stream not among them
     */
    public static byte[] payload(AVPacket packet, int streams) {
        int index = packet.stream_index();
        int size = packet.size();
        BytePointer data = packet.data();
        if (index < 0 || index >= streams || size <= 0 || data == null) {
            return null;
        }
        byte[] payload = new byte[size];
        data.position(0).capacity(size).get(payload);
        return payload;
    }

    /** Whether FFmpeg marks the packet as a keyframe. */
    public static boolean isKeyframe(AVPacket packet) {
        return (packet.flags() & AV_PKT_FLAG_KEY) != 0;
    }

    /**
     * Gives a packet a buffer of its own holding the data, and its keyframe flag; timestamps, duration and
     * stream are the caller's. The packet is to be unreferenced once FFmpeg took it.
     *
     * @throws IOException when FFmpeg cannot allocate the buffer
     */
    public static void fill(AVPacket packet, ByteBuffer data, boolean keyframe) throws IOException {
        ByteBuffer source = data.duplicate();
        int size = source.remaining();
        FfmpegErrors.check(av_new_packet(packet, size), "allocate a packet");
        packet.data().position(0).capacity(size).asBuffer().put(source);
        packet.flags(keyframe ? AV_PKT_FLAG_KEY : 0);
    }
}
