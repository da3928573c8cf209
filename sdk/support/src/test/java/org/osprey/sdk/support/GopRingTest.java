package org.osprey.sdk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.MediaPacket;

class GopRingTest {

    private static final long SECOND = 1_000_000;

    /** Video on stream 0 at 10 fps with a keyframe every {@code gop} frames, 100 bytes a frame. */
    private static List<MediaPacket> video(int frames, int gop) {
        List<MediaPacket> packets = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            packets.add(new MediaPacket(0, i * SECOND / 10, i * SECOND / 10, SECOND / 10, i % gop == 0,
                    ByteBuffer.allocate(100)));
        }
        return packets;
    }

    @Test
    void keepsTwoCompleteGopsAndFourSecondsBesidesTheOneInProgress() {
        GopRing ring = new GopRing(4 * SECOND, 2, 1 << 20);
        ring.reset(0);
        // 1 s GOPs: four complete ones are needed for 4 s, plus the one in progress.
        video(75, 10).forEach(ring::add);
        assertThat(ring.gops()).isEqualTo(5);
        assertThat(ring.since(Long.MIN_VALUE).get(0).ptsMicros()).isEqualTo(3 * SECOND);

        // 3 s GOPs: two complete ones already reach back 4 s.
        ring.reset(0);
        video(75, 30).forEach(ring::add);
        assertThat(ring.gops()).isEqualTo(3);
        assertThat(ring.since(Long.MIN_VALUE).get(0).ptsMicros()).isZero();
    }

    @Test
    void theCurrentGopStartsAtItsKeyframe() {
        GopRing ring = new GopRing(4 * SECOND, 2, 1 << 20);
        ring.reset(0);
        List<MediaPacket> packets = video(47, 10);
        packets.forEach(ring::add);
        assertThat(ring.currentGop()).containsExactlyElementsOf(packets.subList(40, 47));
    }

    @Test
    void nothingBeforeTheFirstKeyframeIsKept() {
        GopRing ring = new GopRing(4 * SECOND, 2, 1 << 20);
        ring.reset(0);
        video(25, 10).subList(3, 9).forEach(ring::add);
        assertThat(ring.gops()).isZero();
        assertThat(ring.currentGop()).isEmpty();
    }

    @Test
    void sinceStartsAtTheKeyframeAtOrBeforeTheInstant() {
        GopRing ring = new GopRing(10 * SECOND, 2, 1 << 20);
        ring.reset(0);
        List<MediaPacket> packets = video(55, 10);
        packets.forEach(ring::add);
        assertThat(ring.since(2_500_000)).containsExactlyElementsOf(packets.subList(20, 55));
        assertThat(ring.since(2 * SECOND)).first().isEqualTo(packets.get(20));
        assertThat(ring.since(-5 * SECOND)).first().isEqualTo(packets.get(0));
        assertThat(ring.since(99 * SECOND)).containsExactlyElementsOf(packets.subList(50, 55));
    }

    @Test
    void theByteBudgetDropsTheOldestGopsAndNeverKeepsAPartialOne() {
        GopRing ring = new GopRing(60 * SECOND, 10, 2_500);
        ring.reset(0);
        video(45, 10).forEach(ring::add);
        assertThat(ring.bytes()).isLessThanOrEqualTo(2_500);
        assertThat(ring.since(Long.MIN_VALUE).get(0).keyframe()).isTrue();

        // One GOP larger than the whole budget: nothing is kept until the next keyframe.
        GopRing small = new GopRing(60 * SECOND, 10, 550);
        small.reset(0);
        video(8, 100).forEach(small::add);
        assertThat(small.gops()).isZero();
        assertThat(small.bytes()).isZero();
    }

    @Test
    void audioOnlyIsGroupedBySeconds() {
        GopRing ring = new GopRing(2 * SECOND, 0, 1 << 20);
        ring.reset(-1);
        for (int i = 0; i < 100; i++) {
            ring.add(new MediaPacket(0, i * SECOND / 20, i * SECOND / 20, 0, true, ByteBuffer.allocate(10)));
        }
        assertThat(ring.gops()).isBetween(3, 4);
        assertThat(ring.since(Long.MIN_VALUE).get(0).ptsMicros()).isLessThanOrEqualTo(5 * SECOND - 2 * SECOND);
    }
}
