package org.osprey.media.http.internal;

import java.nio.ByteBuffer;
import org.osprey.api.media.MediaPacket;

/**
 * Some cameras (and FFmpeg's RTSP reader with some of them) deliver one picture as several packets with
 * the same time, one per slice, each flagged as a keyframe when the picture is one. MP4 players and
 * decoders expect a picture per sample, so such packets are joined again. Joining is concatenating: the
 * NAL units keep their own start codes or length prefixes either way.
 */
final class AccessUnits {

    private AccessUnits() {
    }

    /**
     * Pictures are further apart than this; slices of one picture are not. The stream driver moves each
     * slice after the first by a microsecond, since it keeps decoding times strictly increasing, and the
     * recordings store milliseconds.
     */
    private static final long SAME_PICTURE_MICROS = 1000;

    /** Whether a packet continues the picture of another: same stream, the same times within a millisecond. */
    static boolean samePicture(MediaPacket picture, MediaPacket packet) {
        return picture.streamIndex() == packet.streamIndex()
                && Math.abs(packet.ptsMicros() - picture.ptsMicros()) < SAME_PICTURE_MICROS
                && Math.abs(packet.dtsMicros() - picture.dtsMicros()) < SAME_PICTURE_MICROS;
    }

    /** One packet of both; the first's times, a keyframe if either is. */
    static MediaPacket join(MediaPacket first, MediaPacket second) {
        ByteBuffer data = ByteBuffer.allocate(first.size() + second.size());
        data.put(first.data().duplicate()).put(second.data().duplicate()).flip();
        return new MediaPacket(first.streamIndex(), first.ptsMicros(), first.dtsMicros(),
                Math.max(first.durationMicros(), second.durationMicros()), first.keyframe() || second.keyframe(), data);
    }
}
