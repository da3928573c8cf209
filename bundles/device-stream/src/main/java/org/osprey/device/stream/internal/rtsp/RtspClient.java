package org.osprey.device.stream.internal.rtsp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
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
 * <p>The session is set up with blocking reads bounded by the timeout. Then the stream is read either
 * with {@link #next()}, blocking, or without blocking by an {@link RtspReceiver} that serves many cameras
 * from one thread ({@link #readAvailable()}). Both parse the same reused input buffer; only the access
 * units handed out are allocated. Not thread safe: one thread at a time reads, another only closes.
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
    /** Holds the largest interleaved packet (4 + 65535 bytes) and the RTSP messages a camera answers. */
    private static final int BUFFER = 128 << 10;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_BODY = 64 << 10;
    /** Packets kept while waiting for a stream's parameter sets or for the reader; a GOP of a fast camera. */
    private static final int MAX_WAITING_PACKETS = 2000;
    private static final long DEFAULT_SESSION_TIMEOUT_SECONDS = 60;
    private static final int NEED_MORE = -1;
    private static final int CONSUMED = 0;
    private static final int RESPONSE = 1;

    private final SocketChannel channel;
    private final InputStream blockingIn;
    private final String username;
    private final String password;
    private final LongSupplier clock;
    private final long timeoutNanos;
    private final byte[] input = new byte[BUFFER];
    private final ByteBuffer inputView = ByteBuffer.wrap(input);
    private int start;
    private int end;
    private RtspResponse response;
    private ByteBuffer pendingOutput;
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
    private long lastReceivedNanos;
    private WallClockTimestamps timestamps;
    private List<CodecParameters> streams = List.of();
    private boolean nonBlocking;
    private boolean closed;

    private RtspClient(SocketChannel channel, String username, String password, LongSupplier clock,
            Duration timeout) throws IOException {
        this.channel = channel;
        // The socket's own stream honours the read timeout, which a blocking channel read does not.
        this.blockingIn = channel.socket().getInputStream();
        this.username = username;
        this.password = password;
        this.clock = clock;
        this.timeoutNanos = timeout.toNanos();
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
        RtspClient client = null;
        SocketChannel channel = null;
        boolean opened = false;
        try {
            channel = SocketChannel.open();
            channel.socket().setTcpNoDelay(true);
            channel.socket().connect(new InetSocketAddress(uri.getHost(), port), millis);
            channel.socket().setSoTimeout(millis);
            client = new RtspClient(channel, username, password, clock, timeout);
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
                } else if (channel != null) {
                    closeQuietly(channel);
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
        RtspResponse description = exchange("DESCRIBE", url, "Accept: application/sdp\r\n", false);
        if (description.status() / 100 == 3) {
            // FFmpeg follows redirects within the protocols the driver allows it.
            throw new UnsupportedStreamException("a redirect (" + description.status() + ")");
        }
        requireSuccess(description);
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
        lastReceivedNanos = lastKeepAliveNanos;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!tracks.stream().allMatch(RtpTrack::described)) {
            if (System.nanoTime() - deadline > 0) {
                throw new OpenException("it sent no parameter sets in time", false);
            }
            readBlocking();
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
        if (required) {
            requireSuccess(response);
        }
        return response;
    }

    private static void requireSuccess(RtspResponse response) throws OpenException {
        if (response.status() / 100 != 2) {
            throw new OpenException("the camera answered " + response.status() + " " + printable(response.reason()),
                    response.status() == 401 || response.status() == 403);
        }
    }

    private RtspResponse request(String method, String url, String headers) throws IOException {
        send(method, url, headers);
        String expected = Integer.toString(sequence);
        while (true) {
            if (readBlocking() == RESPONSE) {
                String cseq = response.header("CSeq");
                if (cseq == null || cseq.trim().equals(expected)) {
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
        ByteBuffer bytes = ByteBuffer.wrap(request.toString().getBytes(StandardCharsets.UTF_8));
        if (nonBlocking) {
            // A request of a few hundred bytes nearly always fits; what does not goes out with the next one.
            pendingOutput = pendingOutput == null || !pendingOutput.hasRemaining() ? bytes
                    : ByteBuffer.allocate(pendingOutput.remaining() + bytes.remaining()).put(pendingOutput).put(bytes)
                            .flip();
            flushOutput();
        } else {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    private void flushOutput() throws IOException {
        if (pendingOutput != null && pendingOutput.hasRemaining()) {
            channel.write(pendingOutput);
        }
    }

    /** Reads and parses until one message is complete, blocking at most for the timeout per read. */
    private int readBlocking() throws IOException {
        while (true) {
            int result = parse();
            if (result != NEED_MORE) {
                return result;
            }
            compact();
            int n = blockingIn.read(input, end, input.length - end);
            if (n < 0) {
                throw new EOFException();
            }
            end += n;
            lastReceivedNanos = System.nanoTime();
        }
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(input, start, input, 0, end - start);
            end -= start;
            start = 0;
        }
    }

    /**
     * Consumes one complete message from the input buffer: an interleaved packet, handed to its track,
     * or an RTSP message, kept in {@link #response} when it is a response.
     *
     * @return {@link #NEED_MORE}, {@link #CONSUMED} or {@link #RESPONSE}
     */
    private int parse() throws IOException {
        int available = end - start;
        if (available == 0) {
            return NEED_MORE;
        }
        byte first = input[start];
        if (first == '$') {
            if (available < 4) {
                return NEED_MORE;
            }
            int channelId = input[start + 1] & 0xff;
            int length = (input[start + 2] & 0xff) << 8 | input[start + 3] & 0xff;
            if (available < 4 + length) {
                return NEED_MORE;
            }
            int payload = start + 4;
            start += 4 + length;
            RtpTrack track = rtpChannels[channelId];
            if (track != null) {
                track.rtp(input, payload, length, clock);
            } else if ((track = rtcpChannels[channelId]) != null) {
                track.rtcp(input, payload, length);
            }
            return CONSUMED;
        }
        if (first < 'A' || first > 'Z') {
            // Not the start of a message: skip to where one could begin.
            start++;
            return CONSUMED;
        }
        int headerEnd = headerEnd();
        if (headerEnd < 0) {
            if (available >= input.length / 2) {
                throw new IOException("RTSP header too long");
            }
            return NEED_MORE;
        }
        String[] lines = new String(input, start, headerEnd - start, StandardCharsets.ISO_8859_1).split("\r?\n");
        if (lines.length > MAX_HEADERS) {
            throw new IOException("too many headers");
        }
        var headers = RtspResponse.newHeaders();
        for (int i = 1; i < lines.length; i++) {
            RtspResponse.add(headers, lines[i]);
        }
        int bodyLength = 0;
        List<String> length = headers.get("Content-Length");
        if (length != null) {
            try {
                bodyLength = Integer.parseInt(length.get(0).trim());
            } catch (NumberFormatException e) {
                throw new IOException("invalid Content-Length");
            }
            if (bodyLength < 0 || bodyLength > MAX_BODY) {
                throw new IOException("RTSP body too large");
            }
        }
        int bodyStart = skipBlankLine(headerEnd);
        if (end - bodyStart < bodyLength) {
            return NEED_MORE;
        }
        String body = new String(input, bodyStart, bodyLength, StandardCharsets.ISO_8859_1);
        start = bodyStart + bodyLength;
        RtspResponse status = RtspResponse.statusLine(lines[0]);
        if (status == null) {
            // A request from the server (ANNOUNCE, SET_PARAMETER): nothing this client acts on.
            return CONSUMED;
        }
        response = new RtspResponse(status.status(), status.reason(), headers, body);
        return RESPONSE;
    }

    /** Where the header block ends (before its blank line), or -1 when it is not complete yet. */
    private int headerEnd() {
        for (int i = start; i + 1 < end; i++) {
            if (input[i] == '\n' && (input[i + 1] == '\n' || input[i + 1] == '\r' && i + 2 < end
                    && input[i + 2] == '\n')) {
                return i;
            }
        }
        return -1;
    }

    private int skipBlankLine(int headerEnd) {
        int at = headerEnd + 1;
        if (input[at] == '\r') {
            at++;
        }
        return at + 1;
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
            keepAlive(System.nanoTime());
            try {
                readBlocking();
            } catch (SocketTimeoutException | EOFException e) {
                return null;
            }
        }
        return queue.poll();
    }

    /** The channel, switched to non-blocking reads, for a receiver's selector. */
    SocketChannel nonBlockingChannel() throws IOException {
        if (!nonBlocking) {
            channel.configureBlocking(false);
            nonBlocking = true;
        }
        return channel;
    }

    /**
     * Reads what has arrived without blocking and parses it; the access units are then in {@link #poll()}.
     *
     * @throws EOFException when the camera closed the connection
     */
    void readAvailable() throws IOException {
        compact();
        inputView.limit(input.length).position(end);
        int n = channel.read(inputView);
        if (n < 0) {
            throw new EOFException();
        }
        if (n > 0) {
            end += n;
            lastReceivedNanos = System.nanoTime();
            while (parse() != NEED_MORE) {
                // Every complete message is handled; the rest waits in the buffer.
            }
        }
    }

    /** The next access unit read, or {@code null}. */
    MediaPacket poll() {
        return queue.poll();
    }

    /**
     * Timers of a non-blocking read: sends the keep-alive when due.
     *
     * @return {@code false} when nothing arrived for longer than the timeout
     */
    boolean tick(long nowNanos) throws IOException {
        if (nowNanos - lastReceivedNanos > timeoutNanos) {
            return false;
        }
        flushOutput();
        keepAlive(nowNanos);
        return true;
    }

    /** Keeps the session alive at half its timeout, without waiting for the answer, which comes in band. */
    private void keepAlive(long now) throws IOException {
        if (now - lastKeepAliveNanos > sessionTimeoutSeconds * 500_000_000L) {
            lastKeepAliveNanos = now;
            send(keepAliveMethod, requestUrl, "");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (session != null) {
            try {
                if (!nonBlocking) {
                    channel.configureBlocking(false);
                    nonBlocking = true;
                }
                send("TEARDOWN", requestUrl, "");
            } catch (IOException | RuntimeException e) {
                // The connection is gone already, or the camera is too busy to take the goodbye.
            }
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
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
