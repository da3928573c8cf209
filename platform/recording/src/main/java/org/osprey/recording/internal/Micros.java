package org.osprey.recording.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Conversions for the engine's one time unit: microseconds since the epoch, as packets carry them. */
final class Micros {

    /** ISO-8601 in UTC with exactly six fraction digits, so the text round-trips to the microsecond. */
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Micros() {
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    }

    static String iso(long micros) {
        return ISO.format(toInstant(micros));
    }

    static long parseIso(String text) {
        return of(Instant.parse(text));
    }

    /**
     * {@code value * num / den} rounded to the nearest integer, halves away from zero, as FFmpeg's
     * {@code av_rescale_q} does; the index must compute exactly the times a demuxer later reads back.
     */
    static long rescale(long value, long num, long den) {
        long product = Math.multiplyExact(value, num);
        long half = den / 2;
        return product >= 0 ? (product + half) / den : -((-product + half) / den);
    }
}
