package org.osprey.device.stream.internal.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers an RTSP server's authentication challenge with Basic or Digest (RFC 2617, MD5, with or without
 * {@code qop=auth}); Digest is preferred when the server offers both, as it never sends the password.
 * Holds the credentials: never log it.
 */
final class RtspAuthentication {

    private final String username;
    private final String password;
    private final boolean digest;
    private final Map<String, String> challenge;
    private final SecureRandom random = new SecureRandom();
    private int count;

    private RtspAuthentication(String username, String password, boolean digest, Map<String, String> challenge) {
        this.username = username;
        this.password = password;
        this.digest = digest;
        this.challenge = challenge;
    }

    /**
     * The answer to the challenges of a 401 response, or {@code null} when none can be answered.
     *
     * @param challenges the values of its {@code WWW-Authenticate} headers
     */
    static RtspAuthentication answer(List<String> challenges, String username, String password) {
        RtspAuthentication basic = null;
        for (String value : challenges) {
            String trimmed = value.trim();
            int space = trimmed.indexOf(' ');
            String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
            Map<String, String> parameters = parameters(space < 0 ? "" : trimmed.substring(space + 1));
            if (scheme.equals("digest") && parameters.containsKey("nonce")) {
                String algorithm = parameters.getOrDefault("algorithm", "MD5");
                if (algorithm.equalsIgnoreCase("MD5")) {
                    return new RtspAuthentication(username, password, true, parameters);
                }
            } else if (scheme.equals("basic")) {
                basic = new RtspAuthentication(username, password, false, parameters);
            }
        }
        return basic;
    }

    /** Whether the server asked for a new nonce because the old one went stale, not for other credentials. */
    static boolean stale(List<String> challenges) {
        return challenges.stream().anyMatch(c -> c.trim().toLowerCase(Locale.ROOT).startsWith("digest")
                && "true".equalsIgnoreCase(parameters(c.trim().substring(6)).get("stale")));
    }

    /** The {@code Authorization} header value for one request. */
    String header(String method, String uri) {
        if (!digest) {
            return "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String realm = challenge.getOrDefault("realm", "");
        String nonce = challenge.get("nonce");
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        StringBuilder header = new StringBuilder("Digest username=\"").append(username).append("\", realm=\"")
                .append(realm).append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append('"');
        String qop = challenge.get("qop");
        boolean auth = qop != null && List.of(qop.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains("auth");
        if (auth) {
            String nc = String.format(Locale.ROOT, "%08x", ++count);
            String cnonce = HexFormat.of().formatHex(nonceBytes());
            header.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append("\", response=\"")
                    .append(md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)).append('"');
        } else {
            header.append(", response=\"").append(md5(ha1 + ":" + nonce + ":" + ha2)).append('"');
        }
        String opaque = challenge.get("opaque");
        if (opaque != null) {
            header.append(", opaque=\"").append(opaque).append('"');
        }
        if (challenge.containsKey("algorithm")) {
            header.append(", algorithm=MD5");
        }
        return header.toString();
    }

    private byte[] nonceBytes() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    /** The comma-separated {@code name=value} or {@code name="value"} pairs of a challenge. */
    static Map<String, String> parameters(String text) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int at = 0;
        int length = text.length();
        while (at < length) {
            while (at < length && (text.charAt(at) == ',' || Character.isWhitespace(text.charAt(at)))) {
                at++;
            }
            int equals = text.indexOf('=', at);
            if (equals < 0) {
                break;
            }
            String name = text.substring(at, equals).trim().toLowerCase(Locale.ROOT);
            at = equals + 1;
            String value;
            if (at < length && text.charAt(at) == '"') {
                StringBuilder quoted = new StringBuilder();
                at++;
                while (at < length && text.charAt(at) != '"') {
                    if (text.charAt(at) == '\\' && at + 1 < length) {
                        at++;
                    }
                    quoted.append(text.charAt(at++));
                }
                at++;
                value = quoted.toString();
            } else {
                int comma = text.indexOf(',', at);
                int stop = comma < 0 ? length : comma;
                value = text.substring(at, stop).trim();
                at = stop;
            }
            parameters.put(name, value);
        }
        return parameters;
    }

    /** Leaves the credentials out. */
    @Override
    public String toString() {
        return digest ? "Digest" : "Basic";
    }
}
