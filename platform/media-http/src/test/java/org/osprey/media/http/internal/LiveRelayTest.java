package org.osprey.media.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.MediaPacket;
import org.osprey.sdk.test.TestSchedulers;

/** One subscription per watched camera, the current GOP for whoever joins, and a grace period after the last. */
class LiveRelayTest {

    private static final long START = 1_700_000_000_000_000L;
    private static TestVideo.Clip clip;
    private final TestSchedulers schedulers = new TestSchedulers();

    @BeforeAll
    static void clip() throws Exception {
        clip = TestVideo.annexB(60, true);
    }

    @AfterEach
    void stop() {
        schedulers.close();
    }

    @Test
    void aViewerJoiningMidGopGetsTheGopFromItsKeyframeAtOnce() throws Exception {
        FakeCamera camera = new FakeCamera();
        LiveRelay relay = new LiveRelay("cam", "high", camera, 8 * 1024 * 1024);
        relay.subscribe();
        camera.start(clip.streams());
        List<MediaPacket> packets = clip.packets(START);
        packets.subList(0, 30).forEach(camera::send);

        ViewerQueue viewer = new ViewerQueue(16 * 1024 * 1024, 4096);
        relay.add(viewer);
        assertThat(viewer.awaitStart(0)).isEqualTo(clip.streams());
        MediaPacket first = viewer.poll(0);
        assertThat(first.keyframe()).isTrue();
        assertThat(first.ptsMicros()).as("the keyframe of the current GOP").isEqualTo(packets.get(25).ptsMicros());
        for (int i = 26; i < 30; i++) {
            assertThat(viewer.poll(0)).isSameAs(packets.get(i));
        }
        camera.send(packets.get(30));
        assertThat(viewer.poll(0)).isSameAs(packets.get(30));
        assertThat(relay.keyframe().getNow(null).packet()).isSameAs(packets.get(25));
    }

    @Test
    void aGopAboveTheLimitIsNotKeptAndAViewerWaitsForTheNextKeyframeWhileSnapshotsStillHaveOne() throws Exception {
        FakeCamera camera = new FakeCamera();
        LiveRelay relay = new LiveRelay("cam", "high", camera, 1000);
        relay.subscribe();
        camera.start(clip.streams());
        var none = relay.keyframe();
        List<MediaPacket> packets = clip.packets(START);
        camera.send(packets.get(0));
        assertThat(none).as("until the next packet shows the picture is whole").isNotDone();
        packets.subList(1, 10).forEach(camera::send);
        assertThat(none.get(1, TimeUnit.SECONDS).packet()).isSameAs(packets.get(0));

        ViewerQueue viewer = new ViewerQueue(16 * 1024 * 1024, 4096);
        relay.add(viewer);
        assertThat(viewer.awaitStart(0)).isNull();
        assertThat(relay.keyframe().getNow(null).packet()).isSameAs(packets.get(0));
        packets.subList(10, 27).forEach(camera::send);
        assertThat(viewer.poll(0)).isSameAs(packets.get(25));
        assertThat(relay.keyframe().getNow(null).packet()).isSameAs(packets.get(25));
    }

    @Test
    void aKeyframeInSeveralPacketsStartsOneGopAndASnapshotGetsAllOfIt() throws Exception {
        FakeCamera camera = new FakeCamera();
        LiveRelay relay = new LiveRelay("cam", "high", camera, 8 * 1024 * 1024);
        relay.subscribe();
        camera.start(clip.streams());
        List<MediaPacket> split = TestVideo.splitKeyframes(clip.packets(START));
        // Keyframe 25 of the clip, in two packets, is at 26 and 27 here.
        split.subList(0, 29).forEach(camera::send);

        ViewerQueue viewer = new ViewerQueue(16 * 1024 * 1024, 4096);
        relay.add(viewer);
        assertThat(viewer.poll(0)).isSameAs(split.get(26));
        assertThat(viewer.poll(0)).isSameAs(split.get(27));
        MediaPacket keyframe = relay.keyframe().getNow(null).packet();
        assertThat(keyframe.size()).isEqualTo(split.get(26).size() + split.get(27).size());
        assertThat(keyframe.keyframe()).isTrue();
    }

    @Test
    void whenTheCameraStopsItsViewersEnd() throws Exception {
        FakeCamera camera = new FakeCamera();
        LiveRelay relay = new LiveRelay("cam", "high", camera, 8 * 1024 * 1024);
        relay.subscribe();
        camera.start(clip.streams());
        ViewerQueue viewer = new ViewerQueue(16 * 1024 * 1024, 4096);
        relay.add(viewer);
        camera.send(clip.packets(START).get(0));
        camera.stop("connection lost");
        assertThat(viewer.poll(0)).isNotNull();
        assertThat(viewer.poll(0)).isNull();
        assertThat(viewer.ended()).isTrue();
        assertThat(viewer.endReason()).contains("connection lost");
    }

    @Test
    void viewersOfOneCameraShareOneSubscriptionWhichEndsAfterTheGracePeriod() throws Exception {
        FakeCamera camera = new FakeCamera();
        LiveRelays relays = new LiveRelays(schedulers.scheduler(), 200, 8 * 1024 * 1024);
        LiveRelay first = relays.acquire("cam", "high", camera);
        LiveRelay second = relays.acquire("cam", "high", camera);
        assertThat(second).isSameAs(first);
        assertThat(camera.subscriptions.get()).isEqualTo(1);

        relays.release(first);
        relays.release(second);
        assertThat(camera.sinks).as("still there during the grace period").hasSize(1);
        LiveRelay again = relays.acquire("cam", "high", camera);
        assertThat(again).as("taken up again within the grace period").isSameAs(first);
        relays.release(again);
        waitForAssert(() -> assertThat(camera.sinks).isEmpty(), Duration.ofSeconds(5));
        assertThat(relays.size()).isZero();
        assertThat(first.isClosed()).isTrue();

        LiveRelay fresh = relays.acquire("cam", "high", camera);
        assertThat(fresh).isNotSameAs(first);
        assertThat(camera.subscriptions.get()).isEqualTo(2);
        relays.close();
        assertThat(camera.sinks).isEmpty();
    }

    @Test
    void aRestartedDeviceHandlerGetsANewRelayAndTheOldOnesViewersEnd() throws Exception {
        FakeCamera before = new FakeCamera();
        FakeCamera after = new FakeCamera();
        LiveRelays relays = new LiveRelays(schedulers.scheduler(), 60_000, 8 * 1024 * 1024);
        LiveRelay old = relays.acquire("cam", "high", before);
        ViewerQueue viewer = new ViewerQueue(16 * 1024 * 1024, 4096);
        old.add(viewer);

        LiveRelay current = relays.acquire("cam", "high", after);
        assertThat(current).isNotSameAs(old);
        assertThat(viewer.poll(0)).isNull();
        assertThat(viewer.ended()).isTrue();
        assertThat(before.sinks).isEmpty();
        assertThat(after.sinks).hasSize(1);
        relays.close();
    }
}
