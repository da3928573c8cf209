package org.osprey.device.stream.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.osprey.api.device.StreamProfile;

/**
 * The checked configuration of one stream device. The platform validates a configuration against the
 * driver's description before it gets here; this checks again, and more strictly, because the URL ends
 * up in FFmpeg.
 *
 * @param url       the stream URL without credentials
 * @param username  user name, or {@code null}
 * @param password  password, or {@code null}; never shown, see {@link #toString()}
 * @param transport RTSP lower transport
 * @param profile   the profile this URL serves
 * @param timeout   how long a connection attempt or a silent stream may take before it counts as lost
 */
record StreamSettings(StreamUrl url, String username, String password, Transport transport, StreamProfile profile,
        Duration timeout) {

    static final String CFG_URL = "url";
    static final String CFG_USERNAME = "username";
    static final String CFG_PASSWORD = "password";
    static final String CFG_TRANSPORT = "transport";
    static final String CFG_PROFILE = "profile";
    static final String CFG_TIMEOUT = "timeoutSeconds";

    static final long DEFAULT_TIMEOUT_SECONDS = 10;
    static final long MIN_TIMEOUT_SECONDS = 1;
    static final long MAX_TIMEOUT_SECONDS = 60;

    /** How RTSP carries the media. */
    enum Transport {
        /** Interleaved in the RTSP connection: works through NAT and firewalls. */
        TCP,
        /** Separate RTP/UDP ports: less latency, loses packets on a busy network. */
        UDP;

        /** The value of FFmpeg's {@code rtsp_transport} option and of the configuration choice. */
        String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads and checks a device configuration.
     *
     * @throws IllegalArgumentException with a message for the user that repeats no value
     */
    static StreamSettings from(Map<String, Object> configuration) {
        StreamUrl url = StreamUrl.parse(text(configuration, CFG_URL, "The URL"));
        String username = emptyToNull(text(configuration, CFG_USERNAME, "The user name"));
        String password = emptyToNull(text(configuration, CFG_PASSWORD, "The password"));
        if (username != null) {
            StreamUrl.checkCredential("The user name", username, true);
        }
        if (password != null) {
            if (username == null) {
                throw new IllegalArgumentException("A password needs a user name");
            }
            StreamUrl.checkCredential("The password", password, false);
        }
        Transport transport = choice(configuration, CFG_TRANSPORT, Transport.class, Transport.TCP, "The transport");
        StreamProfile profile = choice(configuration, CFG_PROFILE, StreamProfile.class, StreamProfile.HIGH,
                "The profile");
        long seconds = DEFAULT_TIMEOUT_SECONDS;
        Object timeout = configuration.get(CFG_TIMEOUT);
        if (timeout != null) {
            if (!(timeout instanceof Number n) || n.doubleValue() != n.longValue()) {
                throw new IllegalArgumentException("The timeout must be a whole number of seconds");
            }
            seconds = n.longValue();
            if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException("The timeout must be between " + MIN_TIMEOUT_SECONDS + " and "
                        + MAX_TIMEOUT_SECONDS + " seconds");
            }
        }
        return new StreamSettings(url, username, password, transport, profile, Duration.ofSeconds(seconds));
    }

    /** The URL FFmpeg opens, credentials included: keep it in a local variable, never log it. */
    String connectionUrl() {
        return url.withCredentials(username, password);
    }

    private static String text(Map<String, Object> configuration, String key, String label) {
        Object value = configuration.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(label + " must be text");
        }
        return s;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static <E extends Enum<E>> E choice(Map<String, Object> configuration, String key, Class<E> type,
            E fallback, String label) {
        String value = text(configuration, key, label);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(label + " must be one of " + String.join(", ", options(type)));
    }

    static <E extends Enum<E>> String[] options(Class<E> type) {
        E[] constants = type.getEnumConstants();
        String[] names = new String[constants.length];
        for (int i = 0; i < constants.length; i++) {
            names[i] = constants[i].name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    /** Leaves the password out, so that no log line or exception can carry it by accident. */
    @Override
    public String toString() {
        return "StreamSettings[url=" + url + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", transport=" + transport + ", profile=" + profile
                + ", timeout=" + timeout + "]";
    }
}
