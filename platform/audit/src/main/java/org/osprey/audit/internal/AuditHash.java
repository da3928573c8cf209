package org.osprey.audit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.osprey.api.security.AuditEntry;

/**
 * The hash chain's arithmetic: {@code hash = SHA-256(previous hash || encoding of the entry)}, hex-encoded.
 * The encoding gives every field a length prefix, so no two different entries encode alike, whatever
 * characters their texts contain.
 */
final class AuditHash {

    /** The predecessor of the very first entry: 32 zero bytes. */
    static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private AuditHash() {
    }

    /**
     * The hash of an entry as stored; its time must already be at the database's precision (see
     * {@link #storedTime(Instant)}), or the hash would not survive a round trip.
     */
    static String of(String previousHash, AuditEntry entry) {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(previousHash));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        writeLong(out, entry.sequence());
        writeLong(out, epochMicros(entry.time()));
        writeText(out, entry.user());
        writeText(out, entry.source());
        writeText(out, entry.action());
        writeText(out, entry.target());
        writeText(out, entry.details());
        sha.update(out.toByteArray());
        return HEX.formatHex(sha.digest());
    }

    /** Whether a stored value looks like one of our hashes; anything else cannot be decoded, let alone match. */
    static boolean isWellFormed(String hash) {
        return hash != null && hash.length() == 64 && hash.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
    }

    /**
     * The time as the database keeps it: {@code TIMESTAMP WITH TIME ZONE} has microseconds, and H2 would
     * round the nanoseconds an {@link Instant} may carry.
     */
    static Instant storedTime(Instant time) {
        epochMicros(time);
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    static long epochMicros(Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("An audit entry's time must be within 290,000 years of 1970: " + time, e);
        }
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
    }

    private static void writeText(ByteArrayOutputStream out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
        out.writeBytes(utf8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
