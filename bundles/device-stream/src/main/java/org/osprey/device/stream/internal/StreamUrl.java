package org.osprey.device.stream.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A camera URL that FFmpeg can only read as an RTSP or HTTP stream.
 *
 * <p>FFmpeg takes a URL as a program: {@code concat:}, {@code subfile,}, {@code pipe:} or {@code file:}
 * read local files, nested schemes like {@code crypto+http:} wrap other protocols, and a leading
 * {@code -} or embedded whitespace looks like a command-line option to anyone who passes it on. So a
 * URL is accepted only when it is a plain, absolute, printable-ASCII {@code rtsp}, {@code rtsps},
 * {@code http} or {@code https} URL with a host, and everything else is refused before FFmpeg sees it.
 * Credentials never live in the URL itself: they come from their own fields and are inserted, encoded,
 * only into the string handed to FFmpeg ({@link #withCredentials}).
 *
 * @param scheme     lower-case scheme: {@code rtsp}, {@code rtsps}, {@code http} or {@code https}
 * @param normalized the URL with its scheme in lower case; safe to show and log
 */
record StreamUrl(String scheme, String normalized) {

    /** The longest URL accepted; camera URLs are far shorter. */
    static final int MAX_LENGTH = 2048;

    /** The longest user name or password accepted. */
    static final int MAX_CREDENTIAL_LENGTH = 256;

    private static final Set<String> SCHEMES = Set.of("rtsp", "rtsps", "http", "https");
    private static final Pattern SCHEME_PREFIX = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*):");
    /** Percent-encoded control characters: they would reach the camera's request line decoded by some. */
    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9A-Fa-f]|7[Ff])");
    /**
     * Words FFmpeg's RTSP demuxer takes out of the query as options ({@code rtsp://cam/live?udp}); the
     * transport is the device's {@code transport} field, never part of the URL.
     */
    private static final Set<String> RTSP_QUERY_OPTIONS = Set.of("udp", "tcp", "http", "https", "multicast",
            "filter_src", "listen", "prefer_tcp");

    StreamUrl {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(normalized, "normalized");
    }

    /** Whether the URL is read with FFmpeg's RTSP demuxer; otherwise it is an HTTP M-JPEG stream. */
    boolean isRtsp() {
        return scheme.startsWith("rtsp");
    }

    /**
     * Checks a URL a user entered. The exception's message is meant for the user and never repeats the
     * value, which could hold a secret typed into the wrong field.
     *
     * @throws IllegalArgumentException when the URL is not acceptable
     */
    static StreamUrl parse(String value) {
        if (value == null || value.isEmpty()) {
            throw refused("is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw refused("must be at most " + MAX_LENGTH + " characters");
        }
        if (value.startsWith("-")) {
            throw refused("must not start with '-'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw refused("must not contain spaces, control characters or non-ASCII characters "
                        + "(encode them with %XX, and use punycode for host names)");
            }
        }
        if (value.indexOf('|') >= 0) {
            throw refused("must not contain '|'");
        }
        var prefix = SCHEME_PREFIX.matcher(value);
        String scheme = prefix.find() ? prefix.group(1).toLowerCase(Locale.ROOT) : "";
        if (!SCHEMES.contains(scheme)) {
            throw refused("must start with rtsp://, rtsps://, http:// or https://");
        }
        if (!value.startsWith("//", scheme.length() + 1)) {
            throw refused("must start with " + scheme + "://");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw refused("is not a valid URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("must not contain a user name or password: use the User name and Password fields");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refused("needs a host name or address");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw refused("has an invalid port");
        }
        if (uri.getRawFragment() != null) {
            throw refused("must not contain a fragment ('#')");
        }
        checkPath(uri.getRawPath());
        String query = uri.getRawQuery();
        if (query != null) {
            if (ENCODED_CONTROL.matcher(query).find()) {
                throw refused("must not contain encoded control characters");
            }
            if (scheme.startsWith("rtsp")) {
                for (String word : query.split("&")) {
                    if (RTSP_QUERY_OPTIONS.contains(word.toLowerCase(Locale.ROOT))) {
                        throw refused("must not carry the FFmpeg option '" + word + "': use the Transport field");
                    }
                }
            }
        }
        return new StreamUrl(scheme, scheme + value.substring(scheme.length()));
    }

    private static void checkPath(String rawPath) {
        if (rawPath == null) {
            return;
        }
        if (ENCODED_CONTROL.matcher(rawPath).find()) {
            throw refused("must not contain encoded control characters");
        }
        for (String segment : rawPath.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals("..") || decoded.equals(".")) {
                throw refused("must not contain '.' or '..' path segments");
            }
        }
    }

    /**
     * Checks a user name or password. Either is percent-encoded into the URL later, so only characters
     * that no HTTP or RTSP header could carry are refused, and a colon in a user name, which would end it.
     *
     * @param label the field's name for the message; the value never appears in it
     * @throws IllegalArgumentException when the value is not acceptable
     */
    static void checkCredential(String label, String value, boolean userName) {
        if (value.length() > MAX_CREDENTIAL_LENGTH) {
            throw new IllegalArgumentException(label + " must be at most " + MAX_CREDENTIAL_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c == 0x7f) {
                throw new IllegalArgumentException(label + " must not contain control characters");
            }
        }
        if (userName && (value.indexOf(':') >= 0 || value.indexOf('"') >= 0)) {
            throw new IllegalArgumentException(label + " must not contain ':' or '\"'");
        }
    }

    /**
     * The URL with the credentials inserted, for FFmpeg only: never log it, show it or keep it longer
     * than the connection attempt.
     *
     * @param username user name, or {@code null} for none
     * @param password password, or {@code null} for none
     */
    String withCredentials(String username, String password) {
        if (username == null) {
            return normalized;
        }
        StringBuilder url = new StringBuilder(normalized.length() + 64);
        url.append(scheme).append("://").append(encode(username));
        if (password != null) {
            url.append(':').append(encode(password));
        }
        url.append('@').append(normalized, scheme.length() + 3, normalized.length());
        return url.toString();
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters, so no value can end the user info. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() * 3);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static IllegalArgumentException refused(String why) {
        return new IllegalArgumentException("The URL " + why);
    }

    @Override
    public String toString() {
        return normalized;
    }
}
