package org.osprey.media.http.internal;

import java.time.Instant;

/** Wall-clock microseconds, the one time unit of packets and recordings. */
final class Micros {

    private Micros() {
    }

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /**
     * {@code value * num / den} rounded to the nearest integer, halves away from zero, as FFmpeg's
     * {@code av_rescale_q} does and as the recording index computes keyframe times.
     */
    static long rescale(long value, long num, long den) {
        long product = Math.multiplyExact(value, num);
        long half = den / 2;
        return product >= 0 ? (product + half) / den : -((-product + half) / den);
    }
}
