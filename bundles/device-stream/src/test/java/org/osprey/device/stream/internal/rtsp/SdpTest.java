package org.osprey.device.stream.internal.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SdpTest {

    /** The shape of a typical IP camera's description: session control, H.264 with parameter sets, AAC, metadata. */
    private static final String CAMERA = String.join("\r\n",
            "v=0",
            "o=- 1109162014219182 1109162014219192 IN IP4 192.0.2.10",
            "s=Media Presentation",
            "c=IN IP4 0.0.0.0",
            "t=0 0",
            "a=control:*",
            "m=video 0 RTP/AVP 96",
            "a=rtpmap:96 H264/90000",
            "a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=Z0IAKeKQFAe2AtwEBAaQeJEV,aM48gA==",
            "a=control:trackID=1",
            "a=framerate:25.0",
            "m=audio 0 RTP/AVP 97",
            "a=rtpmap:97 MPEG4-GENERIC/16000/1",
            "a=fmtp:97 streamtype=5;profile-level-id=15;mode=AAC-hbr;config=1408;sizeLength=13;indexLength=3;indexDeltaLength=3",
            "a=control:rtsp://192.0.2.10/Streaming/channels/101/trackID=2",
            "m=application 0 RTP/AVP 107",
            "a=rtpmap:107 vnd.onvif.metadata/90000",
            "a=control:trackID=3",
            "");

    @Test
    void readsMediaEncodingsFormatParametersAndControls() {
        Sdp sdp = Sdp.parse(CAMERA);

        assertThat(sdp.control()).isEqualTo("*");
        assertThat(sdp.media()).hasSize(3);
        Sdp.Media video = sdp.media().get(0);
        assertThat(video.type()).isEqualTo("video");
        assertThat(video.payloadType()).isEqualTo(96);
        assertThat(video.encoding()).isEqualTo("H264");
        assertThat(video.clockRate()).isEqualTo(90000);
        assertThat(video.parameter("sprop-parameter-sets")).isEqualTo("Z0IAKeKQFAe2AtwEBAaQeJEV,aM48gA==");
        assertThat(video.parameter("Packetization-Mode")).isEqualTo("1");
        assertThat(video.control()).isEqualTo("trackID=1");
        assertThat(video.frameRate()).isEqualTo(25.0);
        assertThat(RtpTrack.codecOf(video)).isEqualTo("h264");

        Sdp.Media audio = sdp.media().get(1);
        assertThat(audio.encoding()).isEqualTo("MPEG4-GENERIC");
        assertThat(audio.clockRate()).isEqualTo(16000);
        assertThat(audio.channels()).isEqualTo(1);
        assertThat(audio.parameter("sizelength")).isEqualTo("13");
        assertThat(audio.parameter("config")).isEqualTo("1408");
        assertThat(audio.control()).isEqualTo("rtsp://192.0.2.10/Streaming/channels/101/trackID=2");
        assertThat(RtpTrack.codecOf(audio)).isEqualTo("aac");

        assertThat(sdp.media().get(2).type()).isEqualTo("application");
    }

    @Test
    void knowsStaticPayloadTypesWithoutRtpmapAndIgnoresOtherPayloadsFormats() {
        Sdp sdp = Sdp.parse("v=0\nm=audio 0 RTP/AVP 0\na=fmtp:96 config=00\nm=audio 0 RTP/AVP 8\n"
                + "m=video 0 RTP/AVP 26\nm=video 0 RTP/AVP 96\na=rtpmap:96 H265/90000\n"
                + "a=fmtp:96 sprop-vps=QAE=\n");

        assertThat(sdp.media()).extracting(Sdp.Media::encoding).containsExactly("PCMU", "PCMA", "JPEG", "H265");
        assertThat(sdp.media().get(0).format()).isEmpty();
        assertThat(sdp.media().get(0).clockRate()).isEqualTo(8000);
        assertThat(sdp.media()).extracting(RtpTrack::codecOf)
                .containsExactly("pcm_mulaw", "pcm_alaw", null, "hevc");
    }

    @Test
    void refusesPayloadFormatsItCannotDepacketise() {
        Sdp sdp = Sdp.parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 packetization-mode=2\n"
                + "m=audio 0 RTP/AVP 97\na=rtpmap:97 MPEG4-GENERIC/8000\na=fmtp:97 mode=CELP-cbr;config=00\n"
                + "m=audio 0 RTP/AVP 98\na=rtpmap:98 G726-32/8000\n");

        assertThat(sdp.media()).extracting(RtpTrack::codecOf).containsOnlyNulls();
    }

    @Test
    void resolvesTrackUrlsAgainstTheBase() {
        assertThat(RtspClient.resolve("rtsp://cam/live/", "trackID=1")).isEqualTo("rtsp://cam/live/trackID=1");
        assertThat(RtspClient.resolve("rtsp://cam/live", "trackID=1")).isEqualTo("rtsp://cam/live/trackID=1");
        assertThat(RtspClient.resolve("rtsp://cam/live", "rtsp://cam/other/t2")).isEqualTo("rtsp://cam/other/t2");
        assertThat(RtspClient.resolve("rtsp://cam/live", "*")).isEqualTo("rtsp://cam/live");
        assertThat(RtspClient.resolve("rtsp://cam/live", "a b\r\nX: y")).as("nothing that breaks the request line")
                .isEqualTo("rtsp://cam/live");
    }
}
