package org.osprey.device.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.MediaPacket;
import org.osprey.device.stream.internal.rtsp.RtspClient;
import org.osprey.device.stream.internal.rtsp.RtspReceiver;
import org.osprey.sdk.test.RtspTestServer;

/** Several cameras read by one receiver, against GStreamer's RTSP server on 127.0.0.1. */
class RtspReceiverTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RtspTestServer server;
    private ScheduledExecutorService pool;
    private RtspReceiver receiver;
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean overlapped;

    /** Records what the receiver hands over, and whether two calls ever ran at once. */
    private final class Camera implements RtspReceiver.Listener {
        final List<MediaPacket> packets = new CopyOnWriteArrayList<>();
        final List<String> ends = new CopyOnWriteArrayList<>();

        @Override
        public void packet(MediaPacket packet) {
            enter();
            packets.add(packet);
            leave();
        }

        @Override
        public void ended(String reason) {
            enter();
            ends.add(reason);
            leave();
        }

        long keyframes() {
            return packets.stream().filter(p -> p.streamIndex() == 0 && p.keyframe()).count();
        }
    }

    private void enter() {
        if (inside.incrementAndGet() != 1) {
            overlapped = true;
        }
    }

    private void leave() {
        inside.decrementAndGet();
    }

    @BeforeEach
    void start() throws Exception {
        server = RtspTestServer.start(0);
        pool = Executors.newScheduledThreadPool(4);
        receiver = new RtspReceiver();
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private RtspClient open(String mount) throws Exception {
        return RtspClient.open(server.url(mount), null, null, Duration.ofSeconds(3), RtspReceiverTest::nowMicros);
    }

    @Test
    void oneReceiverReadsEveryCameraOneCallAtATimeAndADetachedOneStops() throws Exception {
        List<Camera> cameras = new ArrayList<>();
        List<RtspClient> clients = new ArrayList<>();
        for (String mount : List.of("/h264", "/h265", "/h264-audio", "/h264-g711")) {
            Camera camera = new Camera();
            RtspClient client = open(mount);
            receiver.attach(client, camera, pool);
            cameras.add(camera);
            clients.add(client);
        }
        waitForAssert(() -> assertThat(cameras).allSatisfy(c -> assertThat(c.keyframes()).isGreaterThanOrEqualTo(2)),
                WAIT);
        assertThat(cameras.get(2).packets).anyMatch(p -> p.streamIndex() == 1);
        assertThat(overlapped).as("listener calls overlapped").isFalse();

        long closedBefore = server.closedConnections();
        receiver.detach(clients.get(0));
        waitForAssert(() -> assertThat(server.closedConnections()).isGreaterThan(closedBefore), WAIT);
        int count = cameras.get(0).packets.size();
        int others = cameras.get(1).packets.size();
        waitForAssert(() -> assertThat(cameras.get(1).packets).hasSizeGreaterThan(others + 15), WAIT);
        assertThat(cameras.get(0).packets).hasSize(count);
        assertThat(cameras.get(0).ends).isEmpty();
    }

    @Test
    void aServerThatGoesAwayEndsEveryStream() throws Exception {
        Camera first = new Camera();
        Camera second = new Camera();
        receiver.attach(open("/h264"), first, pool);
        receiver.attach(open("/h265"), second, pool);
        waitForAssert(() -> assertThat(second.keyframes()).isGreaterThanOrEqualTo(1), WAIT);

        server.kill();

        waitForAssert(() -> {
            assertThat(first.ends).hasSize(1);
            assertThat(second.ends).hasSize(1);
        }, WAIT);
        assertThat(overlapped).isFalse();
    }
}
