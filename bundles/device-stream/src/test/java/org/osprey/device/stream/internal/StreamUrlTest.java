package org.osprey.device.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/** The URL check that stands between user input and FFmpeg (issue 4, acceptance: URL injection). */
class StreamUrlTest {

    @ParameterizedTest
    @CsvSource({
        "rtsp://127.0.0.1:8554/h264,                                rtsp",
        "rtsp://cam.example.com/Streaming/Channels/101,             rtsp",
        "RTSP://Cam.Example.com:554/live?channel=1&subtype=0,       rtsp",
        "rtsps://cam.example.com:322/stream1,                       rtsps",
        "rtsp://[fe80::1]:554/media.amp,                            rtsp",
        "rtsp://10.0.0.7/axis-media/media.amp?videocodec=h264&fps=15, rtsp",
        "http://10.0.0.5/mjpg/video.mjpg,                           http",
        "https://cam.local:8443/video.cgi?resolution=640x480,       https",
        "http://cam/cgi-bin/mjpeg?stream=0&name=a%20b,              http",
    })
    void acceptsCameraUrls(String url, String scheme) {
        StreamUrl parsed = StreamUrl.parse(url);
        assertThat(parsed.scheme()).isEqualTo(scheme);
        assertThat(parsed.normalized()).startsWith(scheme + "://").isEqualToIgnoringCase(url);
        assertThat(parsed.isRtsp()).isEqualTo(scheme.startsWith("rtsp"));
    }

    static Stream<Arguments> evilUrls() {
        return Stream.of(
                Arguments.of("file:/etc/passwd", "must start with rtsp://"),
                Arguments.of("file:///etc/passwd", "must start with rtsp://"),
                Arguments.of("/etc/passwd", "must start with rtsp://"),
                Arguments.of("../../etc/passwd", "must start with rtsp://"),
                Arguments.of("concat:rtsp://cam/a|rtsp://cam/b", "must not contain '|'"),
                Arguments.of("concat:/etc/passwd", "must start with rtsp://"),
                Arguments.of("subfile,,start,0,end,100,,:/etc/passwd", "must start with rtsp://"),
                Arguments.of("pipe:0", "must start with rtsp://"),
                Arguments.of("data:text/plain;base64,aGVsbG8=", "must start with rtsp://"),
                Arguments.of("async:rtsp://cam/live", "must start with rtsp://"),
                Arguments.of("cache:http://cam/video.mjpg", "must start with rtsp://"),
                Arguments.of("crypto:http://cam/video", "must start with rtsp://"),
                Arguments.of("crypto+http://cam/video", "must start with rtsp://"),
                Arguments.of("hls+http://cam/live.m3u8", "must start with rtsp://"),
                Arguments.of("tee:rtsp://cam/live", "must start with rtsp://"),
                Arguments.of("lavfi:testsrc", "must start with rtsp://"),
                Arguments.of("ftp://cam/video", "must start with rtsp://"),
                Arguments.of("udp://127.0.0.1:1234", "must start with rtsp://"),
                Arguments.of("tcp://127.0.0.1:554", "must start with rtsp://"),
                Arguments.of("rtmp://cam/live", "must start with rtsp://"),
                Arguments.of("unix:/var/run/cam.sock", "must start with rtsp://"),
                Arguments.of("gopher://cam/", "must start with rtsp://"),
                Arguments.of("-i rtsp://cam/live", "must not start with '-'"),
                Arguments.of("-f", "must not start with '-'"),
                Arguments.of(" rtsp://cam/live", "must not contain spaces"),
                Arguments.of("rtsp://cam/live -f lavfi", "must not contain spaces"),
                Arguments.of("rtsp://cam/live\n-i file:/etc/passwd", "must not contain spaces"),
                Arguments.of("rtsp://cam/live\r\nX-Injected: 1", "must not contain spaces"),
                Arguments.of("rtsp://cam/live\tx", "must not contain spaces"),
                Arguments.of("rtsp://cam/live\u0000", "must not contain spaces"),
                Arguments.of("rtsp://cäm/live", "non-ASCII"),
                Arguments.of("rtsp://cam/live|file:/etc/passwd", "must not contain '|'"),
                Arguments.of("rtsp:/cam/live", "must start with rtsp://"),
                Arguments.of("rtsp:cam", "must start with rtsp://"),
                Arguments.of("rtsp:///live", "needs a host"),
                Arguments.of("rtsp://admin:Secr3t@cam/live", "User name and Password fields"),
                Arguments.of("rtsp://admin@cam/live", "User name and Password fields"),
                Arguments.of("rtsp://cam:99999/live", "invalid port"),
                Arguments.of("rtsp://cam:0/live", "invalid port"),
                Arguments.of("rtsp://cam/live#frag", "fragment"),
                Arguments.of("rtsp://cam/../../etc/passwd", "'..'"),
                Arguments.of("rtsp://cam/a/%2e%2e/b", "'..'"),
                Arguments.of("rtsp://cam/live%0d%0aX-Injected:%201", "encoded control characters"),
                Arguments.of("rtsp://cam/live?x=%00", "encoded control characters"),
                Arguments.of("rtsp://cam/live?tcp", "FFmpeg option"),
                Arguments.of("rtsp://cam/live?channel=1&multicast", "FFmpeg option"),
                Arguments.of("rtsp://cam/live?listen", "FFmpeg option"),
                Arguments.of("http://cam/a b", "must not contain spaces"),
                Arguments.of("http://cam/%zz", "not a valid URL"),
                Arguments.of("https://cam/\\..\\x", "not a valid URL"),
                Arguments.of("rtsp://" + "a".repeat(StreamUrl.MAX_LENGTH) + "/", "at most"));
    }

    @ParameterizedTest
    @MethodSource("evilUrls")
    void refusesEverythingFfmpegCouldReadAsAnotherProtocolOrAnOption(String url, String why) {
        assertThatThrownBy(() -> StreamUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The URL ")
                .hasMessageContaining(why);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesAMissingUrl(String url) {
        assertThatThrownBy(() -> StreamUrl.parse(url)).hasMessage("The URL is required");
    }

    @Test
    void neverRepeatsTheRefusedValue() {
        assertThatThrownBy(() -> StreamUrl.parse("rtsp://admin:Secr3t@cam/live"))
                .message().doesNotContain("Secr3t").doesNotContain("admin");
        assertThatThrownBy(() -> StreamUrl.parse("concat:Secr3t|x")).message().doesNotContain("Secr3t");
    }

    @Test
    void insertsPercentEncodedCredentialsThatCannotEndTheUserInfo() {
        StreamUrl url = StreamUrl.parse("RTSP://cam:554/live?a=1");
        assertThat(url.withCredentials("op", "p@ss:w/rd %\"#?"))
                .isEqualTo("rtsp://op:p%40ss%3Aw%2Frd%20%25%22%23%3F@cam:554/live?a=1");
        assertThat(url.withCredentials("ünï", "pässwörd")).isEqualTo("rtsp://%C3%BCn%C3%AF:p%C3%A4ssw%C3%B6rd@cam:554/live?a=1");
        assertThat(url.withCredentials("viewer", null)).isEqualTo("rtsp://viewer@cam:554/live?a=1");
        assertThat(url.withCredentials(null, null)).isEqualTo("rtsp://cam:554/live?a=1");
        assertThat(url.toString()).isEqualTo("rtsp://cam:554/live?a=1");
    }

    @Test
    void credentialsMayHoldAnyPrintableCharacterButNoControlCharacters() {
        StreamUrl.checkCredential("The password", "p@ss:w/rd %\"#?ä", false);
        assertThatThrownBy(() -> StreamUrl.checkCredential("The password", "a\r\nX-Injected: 1", false))
                .hasMessage("The password must not contain control characters");
        assertThatThrownBy(() -> StreamUrl.checkCredential("The user name", "admin:x", true))
                .hasMessage("The user name must not contain ':' or '\"'");
        assertThatThrownBy(() -> StreamUrl.checkCredential("The password", "x".repeat(257), false))
                .hasMessageContaining("at most 256");
    }
}
