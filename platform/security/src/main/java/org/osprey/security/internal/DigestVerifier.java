package org.osprey.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Digest authentication (RFC 7616, qop=auth) with SHA-256 and, for older clients, MD5. Nonces are
 * stateless: a timestamp signed with a key that lives as long as the server process.
 */
final class DigestVerifier {

    /** The outcome of checking a Digest header. */
    enum Outcome {
        VALID, WRONG, STALE, MALFORMED
    }

    record Result(Outcome outcome, String username) {
    }

    static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]+))");

    private final byte[] key = new byte[32];
    private final Clock clock;

    DigestVerifier(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    /** The two challenges to offer: SHA-256 first, as RFC 7616 asks, then MD5. */
    List<String> challenges(boolean stale) {
        String nonce = nonce();
        String common = "realm=\"" + AccountServiceImpl.REALM + "\", qop=\"auth\", nonce=\"" + nonce + "\""
                + (stale ? ", stale=true" : "");
        return List.of("Digest " + common + ", algorithm=SHA-256", "Digest " + common + ", algorithm=MD5");
    }

    /**
     * Checks a Digest authorization header.
     *
     * @param header  the header value after {@code Digest }
     * @param method  the request method
     * @param uri     the request URI with its query, as the client sent it
     * @param keyFor  the stored H(A1) of a user for an algorithm
     */
    Result verify(String header, String method, String uri, BiFunction<String, String, Optional<String>> keyFor) {
        Map<String, String> p = parse(header);
        String username = p.get("username");
        String nonce = p.get("nonce");
        String response = p.get("response");
        String algorithm = p.getOrDefault("algorithm", "MD5").toUpperCase(java.util.Locale.ROOT);
        if (username == null || nonce == null || response == null || !"auth".equals(p.get("qop"))
                || p.get("nc") == null || p.get("cnonce") == null || !AccountServiceImpl.REALM.equals(p.get("realm"))
                || !(algorithm.equals("SHA-256") || algorithm.equals("MD5"))) {
            return new Result(Outcome.MALFORMED, username);
        }
        if (!uri.equals(p.get("uri"))) {
            return new Result(Outcome.MALFORMED, username);
        }
        Optional<String> ha1 = keyFor.apply(username, algorithm);
        if (ha1.isEmpty()) {
            return new Result(Outcome.WRONG, username);
        }
        String ha2 = AccountServiceImpl.hex(algorithm, method + ":" + uri);
        String expected = AccountServiceImpl.hex(algorithm, ha1.get() + ":" + nonce + ":" + p.get("nc") + ":"
                + p.get("cnonce") + ":auth:" + ha2);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return new Result(Outcome.WRONG, username);
        }
        return new Result(fresh(nonce) ? Outcome.VALID : Outcome.STALE, username);
    }

    static Map<String, String> parse(String header) {
        Map<String, String> values = new HashMap<>();
        Matcher m = PARAMETER.matcher(header);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
            values.put(m.group(1).toLowerCase(java.util.Locale.ROOT), value);
        }
        return values;
    }

    private String nonce() {
        String time = Long.toString(clock.millis());
        return Base64.getUrlEncoder().withoutPadding().encodeToString((time + ":" + sign(time))
                .getBytes(StandardCharsets.US_ASCII));
    }

    private boolean fresh(String nonce) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(nonce), StandardCharsets.US_ASCII);
            int colon = decoded.indexOf(':');
            String time = decoded.substring(0, colon);
            if (!MessageDigest.isEqual(sign(time).getBytes(StandardCharsets.US_ASCII),
                    decoded.substring(colon + 1).getBytes(StandardCharsets.US_ASCII))) {
                return false;
            }
            long age = clock.millis() - Long.parseLong(time);
            return age >= 0 && age <= NONCE_LIFETIME.toMillis();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
