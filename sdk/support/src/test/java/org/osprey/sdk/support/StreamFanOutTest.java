package org.osprey.sdk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.MediaSubscription;
import org.osprey.api.media.PacketSink;
import org.osprey.sdk.test.Waiter;

class StreamFanOutTest {

    private static final CodecParameters VIDEO = new CodecParameters(0, MediaKind.VIDEO, "h264", 640, 360, 0, 0, null);
    private static final CodecParameters AUDIO = new CodecParameters(1, MediaKind.AUDIO, "aac", 0, 0, 16000, 1, null);
    private static final List<CodecParameters> STREAMS = List.of(VIDEO, AUDIO);
    private static final long FRAME = 100_000;

    /** Delivers on the producer's thread, so that every outcome is there when a call returns. */
    private final StreamFanOut fanOut = new StreamFanOut(Runnable::run, List.of("high"));
    private final List<ExecutorService> pools = new ArrayList<>();
    private long time = 1_000_000_000_000_000L;

    @AfterEach
    void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
    }

    private ExecutorService pool() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pools.add(pool);
        return pool;
    }

    private MediaPacket video(boolean keyframe) {
        return video(keyframe, 1);
    }

    private MediaPacket video(boolean keyframe, int size) {
        time += FRAME;
        return new MediaPacket(0, time, time, FRAME, keyframe, ByteBuffer.allocate(size));
    }

    private MediaPacket audio() {
        return new MediaPacket(1, time + 1, time + 1, 0, true, ByteBuffer.wrap(new byte[] {2}));
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1000);
    }

    @Test
    void aSinkCallableFromTheProducerIsCalledOnTheProducersThreadTheOthersFromTheExecutor() {
        List<Runnable> tasks = new ArrayList<>();
        StreamFanOut queuing = new StreamFanOut(tasks::add, List.of("high"));
        CollectingSink direct = new CollectingSink() {
            @Override
            public boolean callableFromProducer() {
                return true;
            }
        };
        CollectingSink queued = new CollectingSink();
        queuing.subscribe("high", direct);
        queuing.subscribe("high", queued);

        queuing.started("high", STREAMS);
        queuing.packet("high", video(true));
        queuing.packet("high", audio());
        queuing.packet("high", video(false));
        queuing.stopped("high", "connection lost");

        assertThat(direct.calls).hasSize(5).startsWith("start").endsWith("stop:connection lost");
        assertThat(queued.calls).isEmpty();
        while (!tasks.isEmpty()) {
            tasks.remove(0).run();
        }
        assertThat(queued.calls).isEqualTo(direct.calls);
    }

    @Test
    void knowsOnlyItsOwnStreams() {
        assertThat(fanOut.streamIds()).containsExactly("high");
        assertThatThrownBy(() -> fanOut.subscribe("low", new CollectingSink()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low");
        assertThatThrownBy(() -> fanOut.packet("low", video(true))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSinkSubscribedBeforeTheStartSeesEverythingFromTheFirstVideoKeyframe() {
        CollectingSink sink = new CollectingSink();
        fanOut.subscribe("high", sink);
        assertThat(sink.starts).isEmpty();

        fanOut.started("high", STREAMS);
        MediaPacket earlyAudio = audio();
        MediaPacket delta = video(false);
        MediaPacket key = video(true);
        MediaPacket sound = audio();
        MediaPacket next = video(false);
        for (MediaPacket p : List.of(earlyAudio, delta, key, sound, next)) {
            fanOut.packet("high", p);
        }

        assertThat(sink.starts).containsExactly(STREAMS);
        assertThat(sink.packets).containsExactly(key, sound, next);
    }

    @Test
    void aLateSinkGetsTheCurrentGopFromItsKeyframeBeforeSubscribeReturnsThenLivePackets() {
        CollectingSink first = new CollectingSink();
        fanOut.subscribe("high", first);
        fanOut.started("high", STREAMS);
        fanOut.packet("high", video(true));
        fanOut.packet("high", video(false));
        MediaPacket key = video(true);
        MediaPacket sound = audio();
        MediaPacket delta = video(false);
        List.of(key, sound, delta).forEach(p -> fanOut.packet("high", p));

        CollectingSink late = new CollectingSink();
        fanOut.subscribe("high", late);
        assertThat(late.starts).containsExactly(STREAMS);
        assertThat(late.packets).as("the GOP in progress, from its keyframe").containsExactly(key, sound, delta);
        assertThat(late.packets.get(0).keyframe()).isTrue();

        MediaPacket live = video(false);
        fanOut.packet("high", live);
        assertThat(late.packets).containsExactly(key, sound, delta, live);
        assertThat(first.packets).hasSize(6);
        assertThat(fanOut.subscriberCount("high")).isEqualTo(2);
    }

    @Test
    void aLateSinkBeforeAnyKeyframeWaitsForTheNextOne() {
        fanOut.started("high", STREAMS);
        fanOut.packet("high", video(false));
        CollectingSink late = new CollectingSink();
        fanOut.subscribe("high", late);
        assertThat(late.starts).hasSize(1);
        fanOut.packet("high", audio());
        fanOut.packet("high", video(false));
        MediaPacket key = video(true);
        fanOut.packet("high", key);
        assertThat(late.packets).containsExactly(key);
    }

    @Test
    void audioOnlyStreamsStartAtOnce() {
        CollectingSink sink = new CollectingSink();
        fanOut.subscribe("high", sink);
        fanOut.started("high", List.of(new CodecParameters(0, MediaKind.AUDIO, "pcm_mulaw", 0, 0, 8000, 1, null)));
        MediaPacket sound = new MediaPacket(0, 1, 1, 0, true, ByteBuffer.wrap(new byte[] {1}));
        fanOut.packet("high", sound);
        assertThat(sink.packets).containsExactly(sound);
    }

    @Test
    void aStopIsReportedOnceAndARestartWaitsForAKeyframeAgain() {
        CollectingSink sink = new CollectingSink();
        fanOut.stopped("high", "never started");
        fanOut.subscribe("high", sink);
        fanOut.started("high", STREAMS);
        fanOut.packet("high", video(true));
        fanOut.stopped("high", "connection lost: eof");
        fanOut.stopped("high", "connection lost: again");
        fanOut.packet("high", video(true));
        assertThat(sink.stops).containsExactly("connection lost: eof");
        assertThat(sink.packets).hasSize(1);
        assertThat(fanOut.codecParameters("high")).isEmpty();
        assertThat(fanOut.packetsSince("high", Instant.EPOCH)).as("nothing kept across a stop").isEmpty();

        fanOut.started("high", STREAMS);
        fanOut.packet("high", video(false));
        MediaPacket key = video(true);
        fanOut.packet("high", key);
        assertThat(sink.starts).hasSize(2);
        assertThat(sink.sinceStart).containsExactly(key);
    }

    @Test
    void aClosedSubscriptionGetsNothingMore() {
        CollectingSink sink = new CollectingSink();
        MediaSubscription subscription = fanOut.subscribe("high", sink);
        fanOut.started("high", STREAMS);
        fanOut.packet("high", video(true));
        subscription.close();
        subscription.close();
        fanOut.packet("high", video(true));
        fanOut.stopped("high", "connection lost");
        assertThat(sink.packets).hasSize(1);
        assertThat(sink.stops).isEmpty();
        assertThat(fanOut.subscriberCount("high")).isZero();
    }

    @Test
    void aFailingSinkIsDroppedWithoutDisturbingTheOthers() {
        PacketSink broken = new PacketSink() {
            @Override
            public void streamStarted(List<CodecParameters> streams) {
            }

            @Override
            public void packet(MediaPacket packet) {
                throw new IllegalStateException("bug in a sink");
            }

            @Override
            public void streamStopped(String reason) {
            }
        };
        CollectingSink healthy = new CollectingSink();
        fanOut.subscribe("high", broken);
        fanOut.subscribe("high", healthy);
        fanOut.started("high", STREAMS);
        fanOut.packet("high", video(true));
        fanOut.packet("high", video(false));

        assertThat(healthy.packets).hasSize(2);
        assertThat(fanOut.subscriberCount("high")).isEqualTo(1);
    }

    @Test
    void thePrebufferStartsAtTheKeyframeAtOrBeforeTheInstantAndJoinsTheLiveStream() {
        StreamFanOut fanOut = new StreamFanOut(Runnable::run,
                StreamFanOut.Buffering.DEFAULT.withMinDuration(Duration.ofSeconds(4)), List.of("high"));
        fanOut.started("high", STREAMS);
        List<MediaPacket> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            MediaPacket packet = video(i % 10 == 0);
            sent.add(packet);
            fanOut.packet("high", packet);
        }
        long between = sent.get(14).ptsMicros();
        assertThat(fanOut.packetsSince("high", instant(between))).containsExactlyElementsOf(sent.subList(10, 25));
        assertThat(fanOut.packetsSince("high", instant(sent.get(20).ptsMicros())).get(0)).isEqualTo(sent.get(20));
        assertThat(fanOut.packetsSince("high", Instant.EPOCH)).containsExactlyElementsOf(sent);

        CollectingSink recorder = new CollectingSink();
        fanOut.subscribe("high", recorder, instant(between));
        MediaPacket live = video(false);
        fanOut.packet("high", live);
        List<MediaPacket> expected = new ArrayList<>(sent.subList(10, 25));
        expected.add(live);
        assertThat(recorder.starts).hasSize(1);
        assertThat(recorder.packets).containsExactlyElementsOf(expected);
    }

    @Test
    void byDefaultOnlyTheGopInProgressIsKept() {
        fanOut.started("high", STREAMS);
        List<MediaPacket> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            MediaPacket packet = video(i % 10 == 0);
            sent.add(packet);
            fanOut.packet("high", packet);
        }

        assertThat(fanOut.packetsSince("high", Instant.EPOCH)).containsExactlyElementsOf(sent.subList(20, 25));
        CollectingSink viewer = new CollectingSink();
        fanOut.subscribe("high", viewer);
        assertThat(viewer.packets).containsExactlyElementsOf(sent.subList(20, 25));
    }

    @Test
    void aSlowSubscriberNeverBlocksTheProducerAndRestartsAtAKeyframeAfterAnOverload() throws Exception {
        StreamFanOut pooled = new StreamFanOut(pool(),
                StreamFanOut.Buffering.DEFAULT.withMinDuration(Duration.ofSeconds(1)), List.of("high"));
        CountDownLatch release = new CountDownLatch(1);
        CollectingSink slow = new CollectingSink() {
            @Override
            public void packet(MediaPacket packet) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.packet(packet);
            }
        };
        CollectingSink fast = new CollectingSink();
        pooled.subscribe("high", slow);
        pooled.subscribe("high", fast);
        pooled.started("high", List.of(VIDEO));

        // 2,000 frames of 10 kB, 20 MB at about 50 MB/s: far beyond any camera, and more than twice the
        // backlog a subscriber may have, yet slow enough for the healthy sink to keep up on a busy machine.
        int frames = 2_000;
        long longestCall = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            long longest = 0;
            for (int i = 0; i < frames; i++) {
                long start = System.nanoTime();
                pooled.packet("high", video(i % 25 == 0, 10_000));
                longest = Math.max(longest, System.nanoTime() - start);
                if (i % 5 == 4) {
                    Thread.sleep(1);
                }
            }
            return longest;
        });
        assertThat(TimeUnit.NANOSECONDS.toMillis(longestCall)).as("ms of the longest call with a stuck sink")
                .isLessThan(200);
        Waiter.waitForAssert(() -> assertThat(fast.packets).hasSize(frames), Duration.ofSeconds(10));
        assertThat(fast.stops).isEmpty();

        release.countDown();
        MediaPacket key = video(true, 10_000);
        pooled.packet("high", key);
        Waiter.waitForAssert(() -> assertThat(slow.packets).contains(key), Duration.ofSeconds(10));
        assertThat(slow.stops).hasSizeGreaterThanOrEqualTo(1).allSatisfy(r -> assertThat(r).startsWith("overload"));
        assertThat(slow.packets.size()).isLessThan(frames);
        assertThat(slow.sinceStart.get(0).keyframe()).isTrue();
        assertThat(slow.starts).hasSize(slow.stops.size() + 1);
        assertThat(slow.overlapped || fast.overlapped).isFalse();
    }

    @Test
    void eachSinkGetsItsCallsInOrderAndOneAtATimeFromAPool() {
        StreamFanOut pooled = new StreamFanOut(pool(), List.of("high"));
        List<CollectingSink> sinks = List.of(new CollectingSink(), new CollectingSink(), new CollectingSink());
        sinks.forEach(sink -> pooled.subscribe("high", sink));
        List<MediaPacket> sent = new ArrayList<>();
        pooled.started("high", STREAMS);
        for (int i = 0; i < 500; i++) {
            MediaPacket packet = video(i % 10 == 0);
            sent.add(packet);
            pooled.packet("high", packet);
        }
        pooled.stopped("high", "done");
        for (CollectingSink sink : sinks) {
            Waiter.waitForAssert(() -> assertThat(sink.stops).containsExactly("done"), Duration.ofSeconds(10));
            assertThat(sink.calls.get(0)).isEqualTo("start");
            assertThat(sink.packets).containsExactlyElementsOf(sent);
            assertThat(sink.overlapped).isFalse();
        }
    }

    @Test
    void streamsOfOneDeviceAreIndependent() {
        StreamFanOut device = new StreamFanOut(Runnable::run, List.of("high", "low"));
        assertThat(device.streamIds()).isEqualTo(Set.of("high", "low"));
        CollectingSink high = new CollectingSink();
        CollectingSink low = new CollectingSink();
        device.subscribe("high", high);
        device.subscribe("low", low);
        device.started("high", List.of(VIDEO));
        device.packet("high", video(true));
        assertThat(high.packets).hasSize(1);
        assertThat(low.starts).isEmpty();
        assertThat(device.codecParameters("low")).isEmpty();
        assertThat(device.bufferedBytes("high")).isEqualTo(1);
    }
}
