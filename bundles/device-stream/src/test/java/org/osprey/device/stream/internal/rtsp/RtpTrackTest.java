package org.osprey.device.stream.internal.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.device.stream.internal.rtsp.Units.nal;
import static org.osprey.device.stream.internal.rtsp.Units.rtp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;

class RtpTrackTest {

    private static final String SPS_352X288 = "Z0LADNkBYJbARAAAAwAEAAADAHg8UKkg";
    private static final String PPS = "aM48gA==";

    private record Received(RtpTrack track, long streamMicros, long durationMicros, byte[] data, boolean keyframe) {
    }

    private final List<Received> received = new ArrayList<>();
    private final RtpTrack.Output output = (track, micros, duration, data, key) -> received
            .add(new Received(track, micros, duration, data, key));

    private static Sdp.Media media(String sdp) {
        return Sdp.parse("v=0\n" + sdp).media().get(0);
    }

    private static void send(RtpTrack track, byte[] packet, long nowMicros) {
        track.rtp(packet, 0, packet.length, () -> nowMicros);
    }

    @Test
    void describesH264FromTheParameterSetsInTheDescription() {
        RtpTrack track = RtpTrack.of(0, media("m=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"
                + "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=" + SPS_352X288 + "," + PPS + "\n"),
                new RtpTrack.Session(0), output);

        assertThat(track.described()).isTrue();
        CodecParameters parameters = track.parameters();
        assertThat(parameters.codec()).isEqualTo("h264");
        assertThat(parameters.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(parameters.width()).isEqualTo(352);
        assertThat(parameters.height()).isEqualTo(288);
        assertThat(parameters.extradata()).isEqualTo(Units.annexB(
                HexFormat.of().parseHex("6742c00cd9016096c044000003000400000300783c50a920"), Units.bytes(0x68, 0xce, 0x3c, 0x80)));
    }

    @Test
    void h264WithoutParameterSetsInTheDescriptionIsDescribedByItsFirstKeyframe() {
        RtpTrack track = RtpTrack.of(0, media("m=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"),
                new RtpTrack.Session(0), output);
        assertThat(track.described()).isFalse();

        byte[] sps = HexFormat.of().parseHex("6742c00cd9016096c044000003000400000300783c50a920");
        send(track, rtp(96, 1, 0, false, sps), 0);
        send(track, rtp(96, 2, 0, false, Units.bytes(0x68, 0xce, 0x3c, 0x80)), 0);
        send(track, rtp(96, 3, 0, true, nal(100, 0x65, 0x88)), 0);

        assertThat(track.described()).isTrue();
        assertThat(track.parameters().width()).isEqualTo(352);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).keyframe()).isTrue();
    }

    @Test
    void sequenceGapsCountAsLostPacketsAndRepeatsAreDropped() {
        RtpTrack track = RtpTrack.of(0, media("m=audio 0 RTP/AVP 0\n"), new RtpTrack.Session(0), output);
        byte[] samples = nal(159, 0xff);
        send(track, rtp(0, 65534, 0, false, samples), 0);
        send(track, rtp(0, 65535, 160, false, samples), 0);
        send(track, rtp(0, 2, 640, false, samples), 0);
        send(track, rtp(0, 2, 640, false, samples), 0);
        send(track, rtp(0, 3, 800, false, samples), 0);

        assertThat(track.packetsLost()).as("0 and 1 missing across the wrap").isEqualTo(2);
        assertThat(received).hasSize(4);
        assertThat(received).extracting(Received::streamMicros).containsExactly(0L, 20_000L, 80_000L, 100_000L);
        assertThat(received).extracting(Received::durationMicros).containsOnly(20_000L);
    }

    @Test
    void timestampsWrapAroundWithoutJumping() {
        RtpTrack track = RtpTrack.of(0, media("m=audio 0 RTP/AVP 8\n"), new RtpTrack.Session(0), output);
        byte[] samples = nal(159, 0xd5);
        send(track, rtp(8, 10, 0xffffff60L, false, samples), 0);
        send(track, rtp(8, 11, 0, false, samples), 0);
        send(track, rtp(8, 12, 160, false, samples), 0);

        assertThat(received).extracting(Received::streamMicros).containsExactly(0L, 20_000L, 40_000L);
    }

    @Test
    void senderReportsLineTracksUpAsTheCameraStampedThem() {
        RtpTrack.Session session = new RtpTrack.Session(1_000_000);
        RtpTrack video = RtpTrack.of(0, media("m=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\n"
                + "a=fmtp:96 sprop-parameter-sets=" + SPS_352X288 + "," + PPS + "\n"), session, output);
        RtpTrack audio = RtpTrack.of(1, media("m=audio 0 RTP/AVP 0\n"), session, output);
        // Both streams start at the same instant of the camera's clock, but audio arrives 300 ms later.
        long videoStart = 3_000_000L;
        long audioStart = 70_000L;
        send(video, rtp(96, 1, videoStart, true, nal(50, 0x65)), 1_000_000);
        send(audio, rtp(0, 1, audioStart, false, nal(159, 0xff)), 1_300_000);
        assertThat(received.get(1).streamMicros() - received.get(0).streamMicros()).isEqualTo(300_000);

        long ntpSeconds = 3_900_000_000L;
        video.rtcp(senderReport(ntpSeconds, videoStart), 0, 28);
        audio.rtcp(senderReport(ntpSeconds, audioStart), 0, 28);
        send(video, rtp(96, 2, videoStart + 90_000, true, nal(50, 0x41)), 2_000_000);
        send(audio, rtp(0, 2, audioStart + 8_000, false, nal(159, 0xff)), 2_300_000);

        Received videoLater = received.get(2);
        Received audioLater = received.get(3);
        assertThat(videoLater.streamMicros()).as("no jump when the reports arrive").isEqualTo(1_000_000);
        assertThat(audioLater.streamMicros()).isEqualTo(videoLater.streamMicros());
    }

    private static byte[] senderReport(long ntpSeconds, long rtpTimestamp) {
        byte[] report = new byte[28];
        report[0] = (byte) 0x80;
        report[1] = (byte) 200;
        report[3] = 6;
        for (int i = 0; i < 4; i++) {
            report[8 + i] = (byte) (ntpSeconds >> (24 - 8 * i));
            report[16 + i] = (byte) (rtpTimestamp >> (24 - 8 * i));
        }
        return report;
    }
}
