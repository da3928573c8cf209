package org.osprey.device.file.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.osprey.api.media.MediaPacket;
import org.osprey.device.file.internal.MatroskaFile.FilePacket;

/**
 * Places the packets of a file played in a loop on the wall clock: the first loop starts when playing
 * starts, and each further loop starts where the previous one ended, so the timestamps run on steadily
 * as if from a live camera. Decoding times are kept strictly increasing per stream, as muxers require.
 *
 * <p>Not thread safe: the playing handler owns it.
 */
final class LoopTimeline {

    private static final long NONE = Long.MIN_VALUE;

    /** Wall-clock time of the current loop's first presentation time. */
    private long loopStart;
    /** The file's presentation time that {@link #loopStart} stands for, once the loop's first packet came. */
    private long origin = NONE;
    /** Where the current loop ends on the wall clock: the latest presentation time plus its duration. */
    private long loopEnd = NONE;
    private long[] lastDts = new long[0];

    /** @param start wall-clock microseconds at which the first loop begins */
    LoopTimeline(long start) {
        this.loopStart = start;
    }

    /**
     * Maps one packet of the current loop.
     *
     * @param fallbackDuration how long the packet lasts when the file does not say, in microseconds
     */
    MediaPacket map(FilePacket packet, long fallbackDuration) {
        if (origin == NONE) {
            origin = packet.ptsMicros();
        }
        long pts = loopStart + (packet.ptsMicros() - origin);
        long dts = loopStart + (packet.dtsMicros() - origin);
        long last = lastDts(packet.stream());
        if (last != NONE && dts <= last) {
            dts = last + 1;
        }
        pts = Math.max(pts, dts);
        lastDts[packet.stream()] = dts;
        long duration = packet.durationMicros() > 0 ? packet.durationMicros() : fallbackDuration;
        loopEnd = Math.max(loopEnd == NONE ? loopStart : loopEnd, pts + duration);
        return new MediaPacket(packet.stream(), pts, dts, packet.durationMicros(), packet.keyframe(),
                ByteBuffer.wrap(packet.data()));
    }

    /** The file starts over: its next packets follow on where this loop ended. */
    void nextLoop() {
        if (loopEnd != NONE) {
            loopStart = loopEnd;
        }
        origin = NONE;
        loopEnd = NONE;
    }

    /**
     * Moves everything still to come later by the given time, after playing fell so far behind that
     * catching up would flood consumers: the gap shows in the timestamps instead.
     */
    void delay(long micros) {
        loopStart += micros;
        if (loopEnd != NONE) {
            loopEnd += micros;
        }
    }

    /** Where the current loop has got to on the wall clock; the start while it has no packets yet. */
    long loopEnd() {
        return loopEnd == NONE ? loopStart : loopEnd;
    }

    private long lastDts(int stream) {
        if (stream >= lastDts.length) {
            int old = lastDts.length;
            lastDts = Arrays.copyOf(lastDts, stream + 1);
            Arrays.fill(lastDts, old, lastDts.length, NONE);
        }
        return lastDts[stream];
    }
}
