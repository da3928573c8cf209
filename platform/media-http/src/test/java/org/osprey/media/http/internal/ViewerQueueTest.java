package org.osprey.media.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;

/** A slow viewer loses its backlog and goes on at the next keyframe; the camera's side never waits. */
class ViewerQueueTest {

    private static final List<CodecParameters> STREAMS = List.of(
            new CodecParameters(0, MediaKind.VIDEO, "h264", 320, 240, 0, 0, null),
            new CodecParameters(1, MediaKind.AUDIO, "aac", 0, 0, 8000, 1, new byte[] {0x15, (byte) 0x88}));

    private static MediaPacket video(long time, boolean keyframe) {
        return new MediaPacket(0, time, time, 40_000, keyframe, ByteBuffer.allocate(1000));
    }

    private static MediaPacket audio(long time) {
        return new MediaPacket(1, time, time, 20_000, false, ByteBuffer.allocate(100));
    }

    @Test
    void deliveryStartsAtAVideoKeyframeSoTheFirstPictureIsWhole() throws Exception {
        ViewerQueue queue = new ViewerQueue(1_000_000, 1000);
        queue.start(STREAMS, List.of());
        queue.offer(audio(0));
        queue.offer(video(0, false));
        assertThat(queue.awaitStart(10)).as("nothing to start with yet").isNull();
        queue.offer(video(40_000, true));
        queue.offer(audio(40_000));
        assertThat(queue.awaitStart(10)).isEqualTo(STREAMS);
        assertThat(queue.poll(10).keyframe()).isTrue();
        assertThat(queue.poll(10).streamIndex()).isEqualTo(1);
        assertThat(queue.takeDrops()).as("waiting for the first keyframe is no drop").isNull();
    }

    @Test
    void aViewerThatFallsTooFarBehindSkipsToTheNextKeyframeAndTheDropIsCounted() throws Exception {
        ViewerQueue queue = new ViewerQueue(10_000, 1000);
        queue.start(STREAMS, List.of());
        List<MediaPacket> gop = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            gop.add(video(i * 40_000L, i == 0));
        }
        // Nobody reads: the 11th kB overflows, the rest of the GOP is skipped.
        gop.forEach(queue::offer);
        MediaPacket next = video(1_000_000, true);
        queue.offer(next);
        queue.offer(video(1_040_000, false));

        assertThat(queue.poll(10)).isSameAs(next);
        assertThat(queue.poll(10).ptsMicros()).isEqualTo(1_040_000);
        assertThat(queue.poll(10)).isNull();
        ViewerQueue.Drops drops = queue.takeDrops();
        assertThat(drops.packets()).isEqualTo(25);
        assertThat(drops.episodes()).isEqualTo(1);
        assertThat(queue.takeDrops()).isNull();
    }

    @Test
    void afterADropTheSecondSliceOfAKeyframeIsNoPlaceToStart() throws Exception {
        ViewerQueue queue = new ViewerQueue(2_500, 1000);
        queue.start(STREAMS, List.of());
        queue.offer(video(0, true));
        queue.offer(video(40_000, false));
        // The first slice fills the backlog up: it and everything queued go, and so must its second slice.
        queue.offer(video(80_000, true));
        queue.offer(video(80_000, true));
        queue.offer(video(120_000, false));
        MediaPacket next = video(160_000, true);
        queue.offer(next);
        assertThat(queue.poll(10)).isSameAs(next);
    }

    @Test
    void theEndIsDeliveredAfterWhatIsQueuedAndClosingDropsEverything() throws Exception {
        ViewerQueue queue = new ViewerQueue(1_000_000, 1000);
        queue.start(STREAMS, List.of(video(0, true), video(40_000, false)));
        queue.end("camera lost");
        assertThat(queue.ended()).isFalse();
        assertThat(queue.poll(10)).isNotNull();
        assertThat(queue.poll(10)).isNotNull();
        assertThat(queue.poll(1000)).as("at once, not after the timeout").isNull();
        assertThat(queue.ended()).isTrue();
        assertThat(queue.endReason()).isEqualTo("camera lost");

        ViewerQueue closed = new ViewerQueue(1_000_000, 1000);
        closed.start(STREAMS, List.of(video(0, true)));
        closed.close();
        closed.offer(video(40_000, false));
        assertThat(closed.poll(10)).isNull();
    }
}
