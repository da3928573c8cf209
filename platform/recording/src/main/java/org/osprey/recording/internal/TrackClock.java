package org.osprey.recording.internal;

/**
 * Puts one track's packets on the file's time line: wall-clock microseconds in, timestamps in the track's time
 * base out, as offsets from the segment start. A writer places each packet, then reads its timestamps; the
 * recorder reads them back as wall-clock times.
 */
final class TrackClock implements SegmentWriter.Written {

    private final long originMicros;
    /** Microseconds per tick, as the fraction {@code num / den}. */
    private final long num;
    private final long den;
    private long pts;
    private long dts;
    private long end;

    /** @param originMicros wall-clock time of the file's time 0 */
    TrackClock(long originMicros, long timeBaseNum, long timeBaseDen) {
        this.originMicros = originMicros;
        this.num = timeBaseNum * 1_000_000L;
        this.den = timeBaseDen;
    }

    /** @param durationMicros how long the packet lasts; its end is where the file's duration reaches */
    void place(long ptsMicros, long dtsMicros, long durationMicros) {
        // A packet that straddles a cut (audio queued behind the keyframe) cannot start before the file.
        long presentation = Math.max(0, Micros.rescale(ptsMicros - originMicros, den, num));
        // Matroska accepts equal but not decreasing decode times; a camera's jitter must not stop recording.
        dts = Math.max(dts, Micros.rescale(dtsMicros - originMicros, den, num));
        pts = Math.max(presentation, dts);
        end = Math.max(pts, Micros.rescale(ptsMicros + Math.max(0, durationMicros) - originMicros, den, num));
    }

    /** The placed packet's presentation time, in ticks. */
    long pts() {
        return pts;
    }

    long dts() {
        return dts;
    }

    /** The placed packet's end, in ticks. */
    long end() {
        return end;
    }

    @Override
    public long ptsMicros() {
        return originMicros + Micros.rescale(pts, num, den);
    }

    @Override
    public long endMicros() {
        return originMicros + Micros.rescale(end, num, den);
    }
}
