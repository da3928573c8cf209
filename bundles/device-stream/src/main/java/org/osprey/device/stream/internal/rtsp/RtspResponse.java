package org.osprey.device.stream.internal.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An RTSP response: status, headers (names case-insensitive, repeated headers kept) and body.
 *
 * @param status  the status code
 * @param reason  the reason phrase
 * @param headers header values by name
 * @param body    the body, ISO-8859-1 decoded; empty when none
 */
record RtspResponse(int status, String reason, Map<String, List<String>> headers, String body) {

    /** The first value of a header, or {@code null}. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a header. */
    List<String> all(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** A header map whose names compare without case, as RTSP's do. */
    static Map<String, List<String>> newHeaders() {
        return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }

    static void add(Map<String, List<String>> headers, String line) {
        int colon = line.indexOf(':');
        if (colon > 0) {
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
    }

    /** The status line's code and reason, or {@code null} when the line is not an RTSP status line. */
    static RtspResponse statusLine(String line) {
        if (!line.toUpperCase(Locale.ROOT).startsWith("RTSP/")) {
            return null;
        }
        String[] parts = line.split(" ", 3);
        if (parts.length < 2) {
            return null;
        }
        try {
            return new RtspResponse(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", Map.of(), "");
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
