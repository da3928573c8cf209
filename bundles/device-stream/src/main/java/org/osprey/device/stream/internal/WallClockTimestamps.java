package org.osprey.device.stream.internal;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Turns a stream's own timestamps into wall-clock microseconds: the first timestamp of a connection is
 * placed at the wall-clock time the connection opened, and the rest keep their distance to it, so
 * packet spacing stays exactly as the camera sent it.
 *
 * <p>Decoding times are made strictly increasing per stream, because recorders and muxers reject
 * anything else; a camera whose clock jumps by more than {@link #MAX_DRIFT_MICROS} away from the wall
 * clock is re-anchored rather than followed into the past or future.
 */
public final class WallClockTimestamps {

    /** A missing timestamp. */
    static final long NONE = Long.MIN_VALUE;

    /** How far a mapped time may stray from the wall clock before the mapping starts over. */
    static final long MAX_DRIFT_MICROS = 10_000_000;

    /** One packet's mapped times. */
    public record Mapped(long ptsMicros, long dtsMicros) {
    }

    private final LongSupplier wallClockMicros;
    private long anchorWall;
    private long originStream = NONE;
    private long[] lastDts = new long[0];
    private long newest = NONE;

    /**
     * @param wallClockMicros the wall clock, microseconds since the epoch
     * @param anchorWall      the wall-clock time the stream's first timestamp stands for
     */
    public WallClockTimestamps(LongSupplier wallClockMicros, long anchorWall) {
        this.wallClockMicros = wallClockMicros;
        this.anchorWall = anchorWall;
    }

    /**
     * Maps one packet's timestamps.
     *
     * @param stream    stream index
     * @param ptsMicros presentation time in the stream's clock, microseconds, or {@link #NONE}
     * @param dtsMicros decoding time in the stream's clock, microseconds, or {@link #NONE}
     */
    public Mapped map(int stream, long ptsMicros, long dtsMicros) {
        long last = lastDts(stream);
        long dts = dtsMicros != NONE ? dtsMicros : ptsMicros;
        if (dts == NONE) {
            // Nothing to go by: the packet belongs right after its predecessor in this stream or, as the
            // first of its stream, next to the newest packet of any stream.
            long wall = last != NONE ? last + 1 : newest != NONE ? newest : anchorWall;
            lastDts[stream] = wall;
            newest = Math.max(newest, wall);
            return new Mapped(wall, wall);
        }
        long pts = ptsMicros != NONE ? ptsMicros : dts;
        if (originStream == NONE) {
            originStream = dts;
        }
        long wallDts = anchorWall + (dts - originStream);
        long now = wallClockMicros.getAsLong();
        if (Math.abs(wallDts - now) > MAX_DRIFT_MICROS) {
            anchorWall = now;
            originStream = dts;
            wallDts = now;
        }
        if (last != NONE && wallDts <= last) {
            wallDts = last + 1;
        }
        long wallPts = Math.max(anchorWall + (pts - originStream), wallDts);
        lastDts[stream] = wallDts;
        newest = Math.max(newest, wallDts);
        return new Mapped(wallPts, wallDts);
    }

    /**
     * Stamps a packet with its arrival time, for streams that carry no clock of their own (multipart
     * M-JPEG over HTTP), keeping decoding times strictly increasing per stream.
     */
    Mapped arrival(int stream) {
        long last = lastDts(stream);
        long now = wallClockMicros.getAsLong();
        long wall = last != NONE && now <= last ? last + 1 : now;
        lastDts[stream] = wall;
        newest = Math.max(newest, wall);
        return new Mapped(wall, wall);
    }

    private long lastDts(int stream) {
        if (stream >= lastDts.length) {
            int old = lastDts.length;
            lastDts = Arrays.copyOf(lastDts, stream + 1);
            Arrays.fill(lastDts, old, lastDts.length, NONE);
        }
        return lastDts[stream];
    }

    /**
     * Converts a timestamp in {@code num/den} second units to microseconds without overflowing for any
     * realistic value.
     */
    static long toMicros(long value, int num, int den) {
        if (value == NONE || den <= 0 || num <= 0) {
            return NONE;
        }
        long scale = num * 1_000_000L;
        return value / den * scale + value % den * scale / den;
    }
}
