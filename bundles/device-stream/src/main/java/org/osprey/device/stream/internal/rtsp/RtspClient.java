package org.osprey.device.stream.internal.rtsp;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.device.stream.internal.MediaConnection;
import org.osprey.device.stream.internal.OpenException;
import org.osprey.device.stream.internal.WallClockTimestamps;

/**
 * A camera read over RTSP/1.0 (RFC 2326) with RTP and RTCP interleaved in the RTSP connection: OPTIONS,
 * DESCRIBE, SETUP per track, PLAY, a keep-alive well within the session timeout, TEARDOWN on close; Basic
 * and Digest authentication. Delivers whole access units: one packet per picture, Annex B, with the
 * parameter sets as extradata, which is what FFmpeg's RTSP demuxer gives the rest of the platform.
 *
 * <p>Reading blocks on the socket, at most for the timeout. Buffers are reused from packet to packet;
 * only the access units handed out are allocated. Not thread safe: one thread at a time reads and closes.
 */
public final class RtspClient implements MediaConnection {

    /** Thrown when the camera sends media this client does not read; FFmpeg reads them instead. */
    public static final class UnsupportedStreamException extends Exception {
        private static final long serialVersionUID = 1L;

        UnsupportedStreamException(String message) {
            super(message);
        }
    }

    private static final String USER_AGENT = "Osprey VMS";
    private static final int DEFAULT_PORT = 554;
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_BODY = 1 << 20;
    /** Packets kept while waiting for a stream's parameter sets; a GOP of a fast camera at most. */
    private static final int MAX_WAITING_PACKETS = 2000;
    private static final long DEFAULT_SESSION_TIMEOUT_SECONDS = 60;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String username;
    private final String password;
    private final LongSupplier clock;
    private final byte[] frame = new byte[65536];
    private final StringBuilder line = new StringBuilder(256);
    private final ArrayDeque<MediaPacket> queue = new ArrayDeque<>();
    private final RtpTrack[] rtpChannels = new RtpTrack[256];
    private final RtpTrack[] rtcpChannels = new RtpTrack[256];
    private final List<RtpTrack> tracks = new ArrayList<>();
    private RtspAuthentication authentication;
    private int sequence;
    private String session;
    private long sessionTimeoutSeconds = DEFAULT_SESSION_TIMEOUT_SECONDS;
    private String keepAliveMethod = "OPTIONS";
    private String requestUrl;
    private long lastKeepAliveNanos;
    private WallClockTimestamps timestamps;
    private List<CodecParameters> streams = List.of();
    private boolean closed;

    private RtspClient(Socket socket, String username, String password, LongSupplier clock) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
        this.out = socket.getOutputStream();
        this.username = username;
        this.password = password;
        this.clock = clock;
    }

    /**
     * Connects, negotiates the session and starts playing; blocks for at most about twice the timeout.
     *
     * @param url      the camera's {@code rtsp://} URL without credentials, already checked
     * @param username user name, or {@code null}
     * @param password password, or {@code null}
     * @param clock    the wall clock in microseconds since the epoch
     * @throws OpenException              when the camera cannot be reached, refuses or sends nothing usable
     * @throws UnsupportedStreamException when it sends a medium this client does not read
     */
    public static RtspClient open(String url, String username, String password, Duration timeout, LongSupplier clock)
            throws OpenException, UnsupportedStreamException {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Socket socket = new Socket();
        RtspClient client = null;
        boolean opened = false;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), port), millis);
            socket.setSoTimeout(millis);
            client = new RtspClient(socket, username, password, clock);
            client.start(url, timeout);
            opened = true;
            return client;
        } catch (UnknownHostException e) {
            throw new OpenException("unknown host", false);
        } catch (ConnectException | NoRouteToHostException e) {
            throw new OpenException(e.getMessage() == null ? "cannot connect" : e.getMessage(), false);
        } catch (SocketTimeoutException e) {
            throw new OpenException("the camera did not answer in time", false);
        } catch (EOFException e) {
            throw new OpenException("the camera closed the connection", false);
        } catch (IOException e) {
            throw new OpenException("connection failed: " + e.getClass().getSimpleName(), false);
        } finally {
            if (!opened) {
                if (client != null) {
                    client.close();
                } else {
                    closeQuietly(socket);
                }
            }
        }
    }

    private void start(String url, Duration timeout) throws IOException, OpenException, UnsupportedStreamException {
        requestUrl = url;
        RtspResponse options = exchange("OPTIONS", url, "", false);
        String methods = options.header("Public");
        if (options.status() / 100 == 2 && methods != null
                && methods.toUpperCase(Locale.ROOT).contains("GET_PARAMETER")) {
            keepAliveMethod = "GET_PARAMETER";
        }
        RtspResponse description = exchange("DESCRIBE", url, "Accept: application/sdp\r\n", true);
        String base = firstOf(description.header("Content-Base"), description.header("Content-Location"), url);
        base = safe(base, url);
        Sdp sdp = Sdp.parse(description.body());
        RtpTrack.Session timeline = new RtpTrack.Session(clock.getAsLong());
        RtpTrack.Output output = this::accessUnit;
        boolean video = false;
        for (Sdp.Media media : sdp.media()) {
            if (!media.type().equals("video") && !media.type().equals("audio")) {
                continue;
            }
            if (RtpTrack.codecOf(media) == null) {
                throw new UnsupportedStreamException(media.type() + " " + media.encoding());
            }
            RtpTrack track = RtpTrack.of(tracks.size(), media, timeline, output);
            video |= track.kind() == MediaKind.VIDEO;
            tracks.add(track);
        }
        if (!video) {
            throw new UnsupportedStreamException("no video in a codec this client reads");
        }
        for (RtpTrack track : tracks) {
            int channel = 2 * track.index();
            RtspResponse setup = exchange("SETUP", resolve(base, track.control()),
                    "Transport: RTP/AVP/TCP;unicast;interleaved=" + channel + "-" + (channel + 1) + "\r\n", true);
            String id = setup.header("Session");
            if (id != null && session == null) {
                String[] parts = id.split(";");
                session = safe(parts[0].trim(), null);
                for (int i = 1; i < parts.length; i++) {
                    String part = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (part.startsWith("timeout=")) {
                        try {
                            sessionTimeoutSeconds = Math.max(2, Long.parseLong(part.substring(8).trim()));
                        } catch (NumberFormatException e) {
                            sessionTimeoutSeconds = DEFAULT_SESSION_TIMEOUT_SECONDS;
                        }
                    }
                }
            }
            int[] channels = interleaved(setup.header("Transport"), channel);
            rtpChannels[channels[0]] = track;
            rtcpChannels[channels[1]] = track;
        }
        if (session == null) {
            throw new OpenException("the camera started no session", false);
        }
        String aggregate = sdp.control() == null ? base : resolve(base, sdp.control());
        exchange("PLAY", aggregate, "Range: npt=0.000-\r\n", true);
        // Right after PLAY: the first packet was sent about now.
        timestamps = new WallClockTimestamps(clock, clock.getAsLong());
        lastKeepAliveNanos = System.nanoTime();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!tracks.stream().allMatch(RtpTrack::described)) {
            if (System.nanoTime() - deadline > 0) {
                throw new OpenException("it sent no parameter sets in time", false);
            }
            read();
        }
        List<CodecParameters> described = new ArrayList<>();
        for (RtpTrack track : tracks) {
            described.add(track.parameters());
        }
        streams = List.copyOf(described);
    }

    /**
     * Sends a request and reads its response, answering one authentication challenge (two when a Digest
     * nonce went stale).
     *
     * @param required whether anything but 2xx fails the opening
     */
    private RtspResponse exchange(String method, String url, String headers, boolean required)
            throws IOException, OpenException {
        RtspResponse response = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            response = request(method, url, headers);
            if (response.status() != 401 || username == null) {
                break;
            }
            List<String> challenges = response.all("WWW-Authenticate");
            if (authentication != null && !RtspAuthentication.stale(challenges)) {
                break;
            }
            RtspAuthentication answer = RtspAuthentication.answer(challenges, username, password == null ? ""
                    : password);
            if (answer == null) {
                break;
            }
            authentication = answer;
        }
        if (required && response.status() / 100 != 2) {
            throw new OpenException("the camera answered " + response.status() + " " + printable(response.reason()),
                    response.status() == 401 || response.status() == 403);
        }
        return response;
    }

    private RtspResponse request(String method, String url, String headers) throws IOException {
        send(method, url, headers);
        int expected = sequence;
        while (true) {
            RtspResponse response = read();
            if (response != null) {
                String cseq = response.header("CSeq");
                if (cseq == null || cseq.trim().equals(Integer.toString(expected))) {
                    return response;
                }
            }
        }
    }

    private void send(String method, String url, String headers) throws IOException {
        StringBuilder request = new StringBuilder(256).append(method).append(' ').append(url)
                .append(" RTSP/1.0\r\nCSeq: ").append(++sequence).append("\r\nUser-Agent: ").append(USER_AGENT)
                .append("\r\n");
        if (authentication != null) {
            request.append("Authorization: ").append(authentication.header(method, url)).append("\r\n");
        }
        if (session != null) {
            request.append("Session: ").append(session).append("\r\n");
        }
        request.append(headers).append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Reads one message: an interleaved packet, handed to its track, or an RTSP message.
     *
     * @return the response read, or {@code null} after a packet or a request from the server
     */
    private RtspResponse read() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException();
        }
        if (first == '$') {
            int channel = in.read();
            int high = in.read();
            int low = in.read();
            if (low < 0) {
                throw new EOFException();
            }
            int length = high << 8 | low;
            readFully(frame, length);
            RtpTrack track = rtpChannels[channel];
            if (track != null) {
                track.rtp(frame, 0, length, clock.getAsLong());
            } else if ((track = rtcpChannels[channel]) != null) {
                track.rtcp(frame, 0, length);
            }
            return null;
        }
        String statusLine = readLine(first);
        var headers = RtspResponse.newHeaders();
        for (int count = 0;; count++) {
            String header = readLine(-1);
            if (header.isEmpty()) {
                break;
            }
            if (count >= MAX_HEADERS) {
                throw new IOException("too many headers");
            }
            RtspResponse.add(headers, header);
        }
        String body = "";
        String length = headers.containsKey("Content-Length") ? headers.get("Content-Length").get(0) : null;
        if (length != null) {
            int size;
            try {
                size = Integer.parseInt(length.trim());
            } catch (NumberFormatException e) {
                throw new IOException("invalid Content-Length");
            }
            if (size < 0 || size > MAX_BODY) {
                throw new IOException("body too large");
            }
            byte[] bytes = new byte[size];
            readFully(bytes, size);
            body = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        RtspResponse status = RtspResponse.statusLine(statusLine);
        if (status == null) {
            // A request from the server (ANNOUNCE, SET_PARAMETER) or noise: nothing this client acts on.
            return null;
        }
        return new RtspResponse(status.status(), status.reason(), headers, body);
    }

    private String readLine(int first) throws IOException {
        line.setLength(0);
        int c = first >= 0 ? first : in.read();
        while (c != '\n') {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                if (line.length() >= MAX_LINE) {
                    throw new IOException("line too long");
                }
                line.append((char) c);
            }
            c = in.read();
        }
        return line.toString();
    }

    private void readFully(byte[] target, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(target, done, length - done);
            if (n < 0) {
                throw new EOFException();
            }
            done += n;
        }
    }

    private void accessUnit(RtpTrack track, long streamMicros, long durationMicros, byte[] data, boolean keyframe) {
        if (timestamps == null) {
            return;
        }
        if (queue.size() >= MAX_WAITING_PACKETS) {
            queue.poll();
        }
        WallClockTimestamps.Mapped mapped = timestamps.map(track.index(), streamMicros, streamMicros);
        queue.add(new MediaPacket(track.index(), mapped.ptsMicros(), mapped.dtsMicros(), durationMicros, keyframe,
                ByteBuffer.wrap(data)));
    }

    @Override
    public List<CodecParameters> streams() {
        return streams;
    }

    @Override
    public double frameRate() {
        for (RtpTrack track : tracks) {
            if (track.kind() == MediaKind.VIDEO) {
                return track.frameRate();
            }
        }
        return 0;
    }

    @Override
    public long packetsLost() {
        long lost = 0;
        for (RtpTrack track : tracks) {
            lost += track.packetsLost();
        }
        return lost;
    }

    @Override
    public MediaPacket next() throws IOException {
        while (queue.isEmpty()) {
            keepAlive();
            try {
                read();
            } catch (SocketTimeoutException | EOFException e) {
                return null;
            }
        }
        return queue.poll();
    }

    /** Keeps the session alive at half its timeout, without waiting for the answer, which comes in band. */
    private void keepAlive() throws IOException {
        long now = System.nanoTime();
        if (now - lastKeepAliveNanos > sessionTimeoutSeconds * 500_000_000L) {
            lastKeepAliveNanos = now;
            send(keepAliveMethod, requestUrl, "");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (session != null) {
            try {
                socket.setSoTimeout(500);
                send("TEARDOWN", requestUrl, "");
            } catch (IOException e) {
                // The connection is gone already.
            }
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }

    /** A track's URL: absolute when its control says so, else relative to the base as cameras expect. */
    static String resolve(String base, String control) {
        if (control == null || control.isEmpty() || control.equals("*")) {
            return base;
        }
        String lower = control.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
            return safe(control, base);
        }
        return safe(base.endsWith("/") ? base + control : base + "/" + control, base);
    }

    /** The value when it can go into a request line, else the fallback: no spaces or control characters. */
    private static String safe(String value, String fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return fallback;
            }
        }
        return value;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= ' ' && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** The interleaved channels the server chose, or the ones asked for. */
    private static int[] interleaved(String transport, int asked) {
        if (transport != null) {
            for (String part : transport.split(";")) {
                String trimmed = part.trim().toLowerCase(Locale.ROOT);
                if (trimmed.startsWith("interleaved=")) {
                    String[] range = trimmed.substring(12).split("-");
                    try {
                        int rtp = Integer.parseInt(range[0].trim());
                        int rtcp = range.length > 1 ? Integer.parseInt(range[1].trim()) : rtp + 1;
                        if (rtp >= 0 && rtp < 256 && rtcp >= 0 && rtcp < 256) {
                            return new int[] {rtp, rtcp};
                        }
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
        }
        return new int[] {asked, asked + 1};
    }
}
