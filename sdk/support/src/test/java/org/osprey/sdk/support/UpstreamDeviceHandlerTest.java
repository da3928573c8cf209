package org.osprey.sdk.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.osprey.sdk.test.Waiter.waitForAssert;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.sdk.test.TestDeviceContext;

class UpstreamDeviceHandlerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<CodecParameters> STREAMS =
            List.of(new CodecParameters(0, MediaKind.VIDEO, "h264", 640, 360, 0, 0, null));
    private static final int PACKETS_PER_SLICE = 2;

    /** What the handler reads: queued packets, and a gate that holds reads like a silent camera. */
    static final class FakeUpstream {
        final ConcurrentLinkedQueue<MediaPacket> packets = new ConcurrentLinkedQueue<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch reading = new CountDownLatch(1);
        volatile String releasedOn;

        FakeUpstream withPackets(int count) {
            for (int i = 0; i < count; i++) {
                packets.add(new MediaPacket(0, i, i, 1, i == 0, ByteBuffer.wrap(new byte[] {(byte) i})));
            }
            return this;
        }

        /** Like a blocking native read, it does not give up when its thread is interrupted. */
        MediaPacket next() {
            reading.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    gate.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return packets.poll();
        }
    }

    /** Reads a few packets a slice and schedules the next slice while there are more. */
    static final class SlicedHandler extends UpstreamDeviceHandler<FakeUpstream> {
        final FakeUpstream first;
        final List<FakeUpstream> released = new CopyOnWriteArrayList<>();
        final AtomicInteger slices = new AtomicInteger();
        final AtomicInteger disposals = new AtomicInteger();

        SlicedHandler(DeviceContext context, FakeUpstream first) {
            super(context, "high");
            this.first = first;
        }

        @Override
        protected void connect() {
            runSlice(() -> {
                startReading(first, STREAMS);
                scheduleSlice(this::read, 0, TimeUnit.MILLISECONDS);
            });
        }

        void readAgain() {
            runSlice(() -> scheduleSlice(this::read, 0, TimeUnit.MILLISECONDS));
        }

        private void read() {
            FakeUpstream upstream = upstream();
            if (upstream == null) {
                return;
            }
            slices.incrementAndGet();
            for (int i = 0; i < PACKETS_PER_SLICE; i++) {
                MediaPacket packet = upstream.next();
                if (packet == null) {
                    return;
                }
                fanOut().packet(streamId(), packet);
            }
            scheduleSlice(this::read, 1, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void release(FakeUpstream upstream) {
            upstream.releasedOn = Thread.currentThread().getName();
            released.add(upstream);
        }

        @Override
        protected void onDispose() {
            disposals.incrementAndGet();
        }
    }

    private final TestDeviceContext context = new TestDeviceContext("t", Map.of());
    private final CollectingSink sink = new CollectingSink();

    @AfterEach
    void closeContext() {
        context.close();
    }

    /** Returns once the slice running now has ended: the context's scheduler has one thread. */
    private void idle() throws Exception {
        context.scheduler().submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    private SlicedHandler handler(FakeUpstream upstream) {
        SlicedHandler handler = new SlicedHandler(context, upstream);
        handler.mediaSource().orElseThrow().subscribe("high", sink);
        return handler;
    }

    @Test
    void readsInSlicesAndHandsEveryPacketToTheStream() {
        SlicedHandler handler = handler(new FakeUpstream().withPackets(7));
        handler.initialize();

        waitForAssert(() -> assertThat(sink.packets).hasSize(7), WAIT);
        assertThat(sink.starts).hasSize(1);
        assertThat(sink.starts.get(0)).extracting(CodecParameters::codec).containsExactly("h264");
        assertThat(handler.slices.get()).as("slices of at most %d packets", PACKETS_PER_SLICE).isEqualTo(4);
        assertThat(handler.mediaSource().orElseThrow()).isSameAs(handler.fanOut());
        assertThat(handler.released).isEmpty();
    }

    @Test
    void disposeClosesAnIdleUpstreamAtOnceAndStopsTheStream() throws Exception {
        FakeUpstream upstream = new FakeUpstream().withPackets(3);
        SlicedHandler handler = handler(upstream);
        handler.initialize();
        waitForAssert(() -> assertThat(sink.packets).hasSize(3), WAIT);
        idle();

        handler.dispose();

        assertThat(handler.released).containsExactly(upstream);
        assertThat(upstream.releasedOn).isEqualTo(Thread.currentThread().getName());
        assertThat(handler.upstream()).isNull();
        assertThat(handler.disposals.get()).isEqualTo(1);
        waitForAssert(() -> assertThat(sink.stops).containsExactly(UpstreamDeviceHandler.DEVICE_STOPPED), WAIT);
    }

    @Test
    void disposeDuringABlockedReadLeavesTheClosingToTheSlice() throws InterruptedException {
        FakeUpstream upstream = new FakeUpstream();
        upstream.gate = new CountDownLatch(1);
        SlicedHandler handler = handler(upstream);
        handler.initialize();
        assertThat(upstream.reading.await(5, TimeUnit.SECONDS)).isTrue();

        assertTimeoutPreemptively(Duration.ofSeconds(1), handler::dispose, "dispose waited for a blocked read");
        assertThat(handler.released).as("still in use by the blocked read").isEmpty();

        upstream.gate.countDown();
        waitForAssert(() -> assertThat(handler.released).containsExactly(upstream), WAIT);
        assertThat(upstream.releasedOn).isNotEqualTo(Thread.currentThread().getName());
        waitForAssert(() -> assertThat(sink.stops).containsExactly(UpstreamDeviceHandler.DEVICE_STOPPED), WAIT);
        int slices = handler.slices.get();
        Thread.sleep(50);
        assertThat(handler.slices.get()).as("no slice after dispose").isEqualTo(slices);
    }

    @Test
    void aSliceTheSchedulerRefusesClosesTheUpstream() throws Exception {
        FakeUpstream upstream = new FakeUpstream().withPackets(1);
        SlicedHandler handler = handler(upstream);
        handler.initialize();
        waitForAssert(() -> assertThat(sink.packets).hasSize(1), WAIT);
        idle();

        context.close();
        handler.readAgain();

        assertThat(handler.released).containsExactly(upstream);
        assertThat(handler.upstream()).isNull();
    }

    @Test
    void aReplacedUpstreamIsReleasedWhileTheStreamGoesOn() throws Exception {
        FakeUpstream first = new FakeUpstream().withPackets(1);
        SlicedHandler handler = handler(first);
        handler.initialize();
        waitForAssert(() -> assertThat(sink.packets).hasSize(1), WAIT);
        idle();

        FakeUpstream second = new FakeUpstream().withPackets(2);
        handler.runSlice(() -> handler.replaceUpstream(second));
        handler.readAgain();

        waitForAssert(() -> assertThat(sink.packets).hasSize(3), WAIT);
        assertThat(handler.released).containsExactly(first);
        assertThat(sink.starts).hasSize(1);
        assertThat(sink.stops).isEmpty();
    }

    @Test
    void startingAgainReleasesTheOpenUpstreamAndRestartsTheStream() throws Exception {
        FakeUpstream first = new FakeUpstream().withPackets(1);
        SlicedHandler handler = handler(first);
        handler.initialize();
        waitForAssert(() -> assertThat(sink.packets).hasSize(1), WAIT);
        idle();

        FakeUpstream second = new FakeUpstream();
        handler.runSlice(() -> handler.startReading(second, STREAMS));

        assertThat(handler.released).containsExactly(first);
        waitForAssert(() -> assertThat(sink.starts).hasSize(2), WAIT);
    }

    @Test
    void onlyASliceChangesWhatIsRead() {
        SlicedHandler handler = handler(new FakeUpstream());
        assertThatThrownBy(() -> handler.startReading(new FakeUpstream(), STREAMS))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> handler.stopReading("why")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> handler.replaceUpstream(new FakeUpstream())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stoppingWithoutAnUpstreamTellsNobody() {
        SlicedHandler handler = handler(new FakeUpstream());
        handler.runSlice(() -> handler.stopReading("nothing open"));
        assertThat(handler.released).isEmpty();
        assertThat(sink.stops).isEmpty();
    }

    @Test
    void noSliceRunsAfterDispose() {
        SlicedHandler handler = handler(new FakeUpstream());
        handler.dispose();
        AtomicInteger runs = new AtomicInteger();
        handler.runSlice(runs::incrementAndGet);
        assertThat(runs.get()).isZero();
        assertThat(handler.disposals.get()).isEqualTo(1);
    }

    @Test
    void theWallClockIsInMicroseconds() {
        long before = System.currentTimeMillis() * 1000;
        long now = UpstreamDeviceHandler.wallClockMicros();
        long after = System.currentTimeMillis() * 1000 + 1000;
        assertThat(now).isBetween(before, after);
    }
}
