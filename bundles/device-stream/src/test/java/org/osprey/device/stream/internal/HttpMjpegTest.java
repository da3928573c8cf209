package org.osprey.device.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaPacket;
import org.osprey.sdk.test.TestDeviceContext;

/** M-JPEG over HTTP with Basic authentication, from a camera on 127.0.0.1. */
class HttpMjpegTest {

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    @Test
    void readsMultipartJpegWithArrivalTimesAndEveryFrameAKeyframe() throws Exception {
        String password = "Http:Pa ss@/%";
        try (MjpegHttpServer camera = new MjpegHttpServer("viewer", password);
                TestDeviceContext context = new TestDeviceContext(StreamDeviceDriver.TYPE_ID,
                        Map.of("url", camera.url(), "username", "viewer", "password", password))) {
            DeviceHandler handler = new StreamDeviceDriver().createHandler(context);
            RecordingSink sink = new RecordingSink();
            handler.mediaSource().orElseThrow().subscribe("high", sink);
            long before = nowMicros();
            handler.initialize();
            try {
                waitForAssert(() -> assertThat(sink.packets).hasSizeGreaterThanOrEqualTo(15), Duration.ofSeconds(20));
                long after = nowMicros();

                assertThat(context.lastStatus()).isEqualTo(DeviceStatus.OK);
                CodecParameters video = sink.streams().get(0);
                assertThat(video.codec()).isEqualTo("mjpeg");
                assertThat(video.width()).isEqualTo(MjpegHttpServer.WIDTH);
                assertThat(video.height()).isEqualTo(MjpegHttpServer.HEIGHT);
                List<MediaPacket> packets = List.copyOf(sink.packets);
                assertThat(packets).allSatisfy(p -> assertThat(p.keyframe()).isTrue());
                for (int i = 1; i < packets.size(); i++) {
                    assertThat(packets.get(i).dtsMicros()).isGreaterThan(packets.get(i - 1).dtsMicros());
                }
                assertThat(packets).allSatisfy(p -> assertThat(p.dtsMicros()).isBetween(before, after));
                MediaPacket last = packets.get(packets.size() - 1);
                // 10 frames per second, stamped as they arrive.
                double perFrame = (double) (last.dtsMicros() - packets.get(5).dtsMicros()) / (packets.size() - 6);
                assertThat(perFrame).isBetween(60_000.0, 160_000.0);
            } finally {
                handler.dispose();
            }
        }
    }

    @Test
    void aWrongPasswordIsEnterPassword() throws Exception {
        try (MjpegHttpServer camera = new MjpegHttpServer("viewer", "right");
                TestDeviceContext context = new TestDeviceContext(StreamDeviceDriver.TYPE_ID,
                        Map.of("url", camera.url(), "username", "viewer", "password", "Wrong-Http-Secret"))) {
            DeviceHandler handler = new StreamDeviceDriver().createHandler(context);
            handler.initialize();
            try {
                waitForAssert(() -> assertThat(context.lastStatus()).isEqualTo(DeviceStatus.ENTER_PASSWORD),
                        Duration.ofSeconds(20));
                assertThat(context.statuses().get(0).message()).contains("401").doesNotContain("Wrong-Http-Secret");
            } finally {
                handler.dispose();
            }
        }
    }
}
