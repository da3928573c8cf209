package org.osprey.device.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.device.stream.internal.rtsp.RtspClient;

/**
 * The RTSP exchange with a scripted camera on 127.0.0.1 that behaves like many real ones and unlike
 * GStreamer's server: Digest with {@code qop=auth}, a short session timeout, interleaved channels of its
 * own choosing, parameter sets only in the SDP.
 */
class RtspClientProtocolTest {

    private static final String USER = "admin";
    private static final String PASSWORD = "S3cret:pass";
    private static final String REALM = "IP Camera";
    private static final String NONCE = "6b3ac9e1d4";
    private static final String SDP = String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=cam", "t=0 0",
            "a=control:*", "m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000",
            "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LADNkBYJbARAAAAwAEAAADAHg8UKkg,aM48gA==",
            "a=control:trackID=1", "");

    private final ServerSocket listener;
    private final ExecutorService camera = Executors.newFixedThreadPool(2);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean authorized;

    RtspClientProtocolTest() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        camera.execute(this::serve);
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        camera.shutdownNow();
        camera.awaitTermination(5, TimeUnit.SECONDS);
    }

    private String url() {
        return "rtsp://127.0.0.1:" + listener.getLocalPort() + "/live/main";
    }

    @Test
    void answersDigestWithQopKeepsTheSessionAliveAndTearsItDown() throws Exception {
        RtspClient client = RtspClient.open(url(), USER, PASSWORD, Duration.ofSeconds(5),
                () -> System.currentTimeMillis() * 1000);
        CodecParameters video = client.streams().get(0);
        assertThat(video.width()).isEqualTo(352);
        assertThat(video.height()).isEqualTo(288);
        assertThat(authorized).as("the camera accepted the Digest answer").isTrue();

        // The session times out after 2 s: the keep-alive must come while reading goes on.
        int pictures = 0;
        int keyframes = 0;
        while (requests.stream().noneMatch(r -> r.startsWith("GET_PARAMETER")) && pictures < 150) {
            MediaPacket packet = client.next();
            assertThat(packet).isNotNull();
            if (packet.keyframe()) {
                keyframes++;
                byte[] unit = new byte[packet.size()];
                packet.data().duplicate().get(unit);
                assertThat(unit).as("parameter sets from the SDP in front of the keyframe").startsWith(
                        0, 0, 0, 1, 0x67);
            }
            pictures++;
        }
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("GET_PARAMETER " + url())
                .contains("Session: 4711AB"));
        assertThat(client.packetsLost()).isZero();
        assertThat(keyframes).isPositive();

        client.close();
        waitForAssert(() -> assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("TEARDOWN")
                .contains("Session: 4711AB")), Duration.ofSeconds(5));
        assertThat(requests).noneSatisfy(r -> assertThat(r).contains(PASSWORD));
        assertThat(requests).anySatisfy(r -> assertThat(r).startsWith("SETUP " + url() + "/trackID=1 "));
    }

    /** One connection: answers requests and, once playing, sends a picture every 66 ms on channel 6. */
    private void serve() {
        try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String request;
            while ((request = readRequest(in)) != null) {
                requests.add(request);
                String method = request.substring(0, request.indexOf(' '));
                String cseq = header(request, "CSeq");
                switch (method) {
                    case "OPTIONS" -> answer(out, cseq, "200 OK",
                            "Public: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN\r\n", "");
                    case "DESCRIBE" -> {
                        authorized = digestIsRight(request, "DESCRIBE");
                        if (!authorized) {
                            answer(out, cseq, "401 Unauthorized", "WWW-Authenticate: Digest realm=\"" + REALM
                                    + "\", nonce=\"" + NONCE + "\", qop=\"auth\", opaque=\"5ccc\"\r\n", "");
                        } else {
                            answer(out, cseq, "200 OK", "Content-Type: application/sdp\r\nContent-Base: " + url()
                                    + "/\r\n", SDP);
                        }
                    }
                    case "SETUP" -> answer(out, cseq, "200 OK", "Session: 4711AB;timeout=2\r\n"
                            + "Transport: RTP/AVP/TCP;unicast;interleaved=6-7\r\n", "");
                    case "PLAY" -> {
                        answer(out, cseq, "200 OK", "Session: 4711AB\r\n", "");
                        camera.execute(() -> stream(out));
                    }
                    case "TEARDOWN" -> {
                        answer(out, cseq, "200 OK", "", "");
                        return;
                    }
                    default -> answer(out, cseq, "200 OK", "", "");
                }
            }
        } catch (IOException e) {
            // The test ended the connection.
        }
    }

    private void stream(OutputStream out) {
        try {
            for (int picture = 0; picture < 200 && !Thread.currentThread().isInterrupted(); picture++) {
                byte[] nal = new byte[400];
                nal[0] = (byte) (picture % 15 == 0 ? 0x65 : 0x41);
                for (int i = 1; i < nal.length; i++) {
                    nal[i] = (byte) (i % 200 + 1);
                }
                long timestamp = 6000L * picture;
                byte[] rtp = new byte[12 + nal.length];
                rtp[0] = (byte) 0x80;
                rtp[1] = (byte) (0x80 | 96);
                rtp[2] = (byte) (picture >> 8);
                rtp[3] = (byte) picture;
                for (int i = 0; i < 4; i++) {
                    rtp[4 + i] = (byte) (timestamp >> (24 - 8 * i));
                }
                System.arraycopy(nal, 0, rtp, 12, nal.length);
                synchronized (out) {
                    out.write(new byte[] {'$', 6, (byte) (rtp.length >> 8), (byte) rtp.length});
                    out.write(rtp);
                    out.flush();
                }
                Thread.sleep(66);
            }
        } catch (IOException | InterruptedException e) {
            // The connection ended.
        }
    }

    private static void answer(OutputStream out, String cseq, String status, String headers, String body)
            throws IOException {
        String message = "RTSP/1.0 " + status + "\r\nCSeq: " + cseq + "\r\n" + headers
                + (body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n" + body;
        synchronized (out) {
            out.write(message.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            bytes.write(c);
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return null;
    }

    private static String header(String request, String name) {
        Matcher matcher = Pattern.compile("(?im)^" + name + ":[ \\t]*([^\\r\\n]*)").matcher(request);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** Checks the answer the way a camera does (RFC 2617 with qop=auth). */
    private boolean digestIsRight(String request, String method) {
        String authorization = header(request, "Authorization");
        if (!authorization.startsWith("Digest ")) {
            return false;
        }
        Map<String, String> fields = new java.util.HashMap<>();
        Matcher pair = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))").matcher(authorization.substring(7));
        while (pair.find()) {
            fields.put(pair.group(1), pair.group(2) != null ? pair.group(2) : pair.group(3));
        }
        String ha1 = md5(USER + ":" + REALM + ":" + PASSWORD);
        String ha2 = md5(method + ":" + fields.get("uri"));
        String expected = md5(ha1 + ":" + NONCE + ":" + fields.get("nc") + ":" + fields.get("cnonce") + ":auth:" + ha2);
        return USER.equals(fields.get("username")) && "auth".equals(fields.get("qop"))
                && "5ccc".equals(fields.get("opaque")) && expected.equals(fields.get("response"));
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
