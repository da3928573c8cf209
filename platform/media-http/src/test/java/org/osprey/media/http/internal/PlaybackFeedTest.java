package org.osprey.media.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.sdk.test.MutableClock;
import org.osprey.sdk.test.TestSchedulers;

/** Recorded packets from a keyframe on, across segment files and along a segment being written. */
class PlaybackFeedTest {

    private static final long START = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000L;

    @TempDir
    Path root;
    private final TestSchedulers schedulers = new TestSchedulers();
    private final MutableClock clock = new MutableClock(Micros.toInstant(START + 3600 * SECOND));

    @AfterEach
    void stop() {
        schedulers.close();
    }

    private PlaybackFeed feed(TestRecordings recordings, RecordingSegment first, long start, long end) {
        PlaybackFeed feed = new PlaybackFeed(recordings.service(), "cam", first, start, end, schedulers.ioScheduler(), clock,
                64 * 1024, 50, 5_000);
        feed.start();
        return feed;
    }

    private static List<MediaPacket> drain(PlaybackFeed feed) throws InterruptedException {
        List<MediaPacket> packets = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!feed.ended() && System.nanoTime() < deadline) {
            MediaPacket packet = feed.poll(100);
            if (packet != null) {
                packets.add(packet);
            }
        }
        return packets;
    }

    @Test
    void playbackStartsAtTheKeyframeAndFollowsIntoTheNextSegment() throws Exception {
        TestRecordings recordings = new TestRecordings(root);
        RecordingSegment first = recordings.add("cam", START, 50, false, 0);
        recordings.add("cam", START + 2 * SECOND, 75, false, 0);

        PlaybackFeed feed = feed(recordings, first, START + SECOND, Long.MAX_VALUE);
        assertThat(feed.awaitStart(10_000)).hasSize(1);
        List<MediaPacket> packets = drain(feed);

        assertThat(feed.ended()).isTrue();
        assertThat(feed.endReason()).contains("the recording ends");
        assertThat(packets).hasSize(25 + 75);
        assertThat(packets.get(0).keyframe()).isTrue();
        assertThat(packets.get(0).ptsMicros()).isEqualTo(START + SECOND);
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).ptsMicros() - packets.get(i - 1).ptsMicros())
                    .as("one frame apart at " + i).isEqualTo(TestVideo.FRAME_MICROS);
        }
    }

    @Test
    void anEndStopsPlaybackThere() throws Exception {
        TestRecordings recordings = new TestRecordings(root);
        RecordingSegment first = recordings.add("cam", START, 100, false, 0);

        PlaybackFeed feed = feed(recordings, first, START, START + 2 * SECOND);
        List<MediaPacket> packets = drain(feed);
        assertThat(packets).hasSize(50);
        assertThat(feed.endReason()).contains("end asked for");
    }

    @Test
    void aSegmentBeingWrittenIsReadUpToWhatIsSafeAndFollowedAsItGrows() throws Exception {
        TestRecordings recordings = new TestRecordings(root);
        RecordingSegment growing = recordings.add("cam", START, 75, true, START + SECOND);
        clock.set(Micros.toInstant(START + 2 * SECOND));

        PlaybackFeed feed = feed(recordings, growing, START, Long.MAX_VALUE);
        List<MediaPacket> packets = new ArrayList<>();
        while (packets.size() < 25) {
            MediaPacket packet = feed.poll(5_000);
            assertThat(packet).as("packet " + packets.size()).isNotNull();
            packets.add(packet);
        }
        assertThat(feed.poll(300)).as("nothing beyond what is safely on disk").isNull();
        assertThat(feed.ended()).isFalse();

        recordings.update(growing, START + 2 * SECOND, true);
        while (packets.size() < 50) {
            MediaPacket packet = feed.poll(5_000);
            assertThat(packet).as("packet " + packets.size()).isNotNull();
            packets.add(packet);
        }
        recordings.update(growing, START + 3 * SECOND, false);
        clock.set(Micros.toInstant(START + 60 * SECOND));
        packets.addAll(drain(feed));

        assertThat(packets).hasSize(75);
        for (int i = 0; i < packets.size(); i++) {
            assertThat(packets.get(i).ptsMicros()).as("packet " + i + " once, in order")
                    .isEqualTo(START + i * TestVideo.FRAME_MICROS);
        }
        assertThat(feed.endReason()).contains("the recording ends");
    }

    @Test
    void aFileThatIsGoneEndsPlaybackWithTheReason() throws Exception {
        TestRecordings recordings = new TestRecordings(root);
        RecordingSegment first = recordings.add("cam", START, 25, false, 0);
        java.nio.file.Files.delete(root.resolve(first.path()));

        PlaybackFeed feed = feed(recordings, first, START, Long.MAX_VALUE);
        assertThat(feed.awaitStart(10_000)).isNull();
        assertThat(feed.ended()).isTrue();
        assertThat(feed.endReason()).contains("is gone");
    }
}
