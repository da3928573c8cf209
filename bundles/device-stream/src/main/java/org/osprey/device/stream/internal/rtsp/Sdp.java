package org.osprey.device.stream.internal.rtsp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a session description (RFC 4566) an RTSP client needs: each medium's type, payload type,
 * encoding, clock rate, channels, format parameters and control URL. Anything else is ignored, and
 * malformed lines are skipped rather than failing the whole description, as cameras write sloppy SDP.
 *
 * @param control the session-level control attribute, or {@code null}
 * @param media   the media sections in order
 */
record Sdp(String control, List<Media> media) {

    /**
     * One media section.
     *
     * @param type        {@code video}, {@code audio}, {@code application} ...
     * @param payloadType the first payload type of the {@code m=} line
     * @param encoding    the encoding name in upper case ({@code H264}, {@code MPEG4-GENERIC}), or the
     *                    static payload type's when there is no rtpmap
     * @param clockRate   RTP clock rate in Hz, 0 when unknown
     * @param channels    audio channels, 1 when not given
     * @param format      the fmtp parameters with lower-case keys
     * @param control     the control attribute, or {@code null}
     * @param frameRate   the {@code a=framerate} value, 0 when absent
     */
    record Media(String type, int payloadType, String encoding, int clockRate, int channels,
            Map<String, String> format, String control, double frameRate) {

        /** A format parameter, or {@code null}. */
        String parameter(String name) {
            return format.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Parses a description; never fails, an empty or foreign text yields no media. */
    static Sdp parse(String text) {
        String sessionControl = null;
        List<Media> media = new ArrayList<>();
        Builder current = null;
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                continue;
            }
            char kind = line.charAt(0);
            String value = line.substring(2);
            if (kind == 'm') {
                if (current != null) {
                    media.add(current.build());
                }
                current = Builder.of(value);
            } else if (kind == 'a') {
                int colon = value.indexOf(':');
                String name = (colon < 0 ? value : value.substring(0, colon)).toLowerCase(Locale.ROOT);
                String argument = colon < 0 ? "" : value.substring(colon + 1).strip();
                if (current == null) {
                    if (name.equals("control")) {
                        sessionControl = argument;
                    }
                } else {
                    current.attribute(name, argument);
                }
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        return new Sdp(sessionControl, List.copyOf(media));
    }

    private static final class Builder {
        private final String type;
        private final int payloadType;
        private String encoding;
        private int clockRate;
        private int channels = 1;
        private final Map<String, String> format = new LinkedHashMap<>();
        private String control;
        private double frameRate;

        private Builder(String type, int payloadType) {
            this.type = type;
            this.payloadType = payloadType;
            // RFC 3551's static payload types, which cameras often leave without an rtpmap.
            switch (payloadType) {
                case 0 -> static_("PCMU", 8000);
                case 8 -> static_("PCMA", 8000);
                case 26 -> static_("JPEG", 90000);
                default -> static_("", 0);
            }
        }

        private void static_(String name, int rate) {
            encoding = name;
            clockRate = rate;
        }

        static Builder of(String mLine) {
            String[] words = mLine.trim().split("\\s+");
            int payloadType = -1;
            if (words.length >= 4) {
                try {
                    payloadType = Integer.parseInt(words[3]);
                } catch (NumberFormatException e) {
                    payloadType = -1;
                }
            }
            return new Builder(words.length > 0 ? words[0].toLowerCase(Locale.ROOT) : "", payloadType);
        }

        void attribute(String name, String argument) {
            switch (name) {
                case "rtpmap" -> rtpmap(argument);
                case "fmtp" -> fmtp(argument);
                case "control" -> control = argument;
                case "framerate" -> {
                    try {
                        frameRate = Double.parseDouble(argument);
                    } catch (NumberFormatException e) {
                        frameRate = 0;
                    }
                }
                default -> {
                    // Not needed to receive the stream.
                }
            }
        }

        private boolean forThisPayload(String argument) {
            int space = argument.indexOf(' ');
            if (space < 0) {
                return false;
            }
            try {
                return Integer.parseInt(argument.substring(0, space)) == payloadType;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private void rtpmap(String argument) {
            if (!forThisPayload(argument)) {
                return;
            }
            String[] parts = argument.substring(argument.indexOf(' ') + 1).trim().split("/");
            encoding = parts[0].toUpperCase(Locale.ROOT);
            try {
                clockRate = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 0;
                channels = parts.length > 2 ? Integer.parseInt(parts[2].trim()) : 1;
            } catch (NumberFormatException e) {
                clockRate = 0;
            }
        }

        private void fmtp(String argument) {
            if (!forThisPayload(argument)) {
                return;
            }
            for (String pair : argument.substring(argument.indexOf(' ') + 1).split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    format.put(pair.substring(0, equals).trim().toLowerCase(Locale.ROOT),
                            pair.substring(equals + 1).trim());
                }
            }
        }

        Media build() {
            return new Media(type, payloadType, encoding, clockRate, Math.max(1, channels), Map.copyOf(format),
                    control, frameRate);
        }
    }
}
