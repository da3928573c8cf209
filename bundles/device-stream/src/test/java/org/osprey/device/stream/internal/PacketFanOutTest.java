package org.osprey.device.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.MediaSubscription;
import org.osprey.api.media.PacketSink;

class PacketFanOutTest {

    private static final CodecParameters VIDEO = new CodecParameters(0, MediaKind.VIDEO, "h264", 640, 360, 0, 0, null);
    private static final CodecParameters AUDIO = new CodecParameters(1, MediaKind.AUDIO, "aac", 0, 0, 16000, 1, null);
    private static final List<CodecParameters> STREAMS = List.of(VIDEO, AUDIO);

    private final PacketFanOut fanOut = new PacketFanOut("high");
    private long time;

    private MediaPacket video(boolean keyframe) {
        return new MediaPacket(0, ++time, time, 0, keyframe, ByteBuffer.wrap(new byte[] {1}));
    }

    private MediaPacket audio() {
        return new MediaPacket(1, ++time, time, 0, true, ByteBuffer.wrap(new byte[] {2}));
    }

    @Test
    void knowsOnlyItsOwnStream() {
        assertThatThrownBy(() -> fanOut.subscribe("low", new RecordingSink()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low");
    }

    @Test
    void aSinkSubscribedBeforeTheStartSeesEverythingFromTheFirstVideoKeyframe() {
        RecordingSink sink = new RecordingSink();
        fanOut.subscribe("high", sink);
        assertThat(sink.starts).isEmpty();

        fanOut.started(STREAMS);
        MediaPacket earlyAudio = audio();
        MediaPacket delta = video(false);
        MediaPacket key = video(true);
        MediaPacket sound = audio();
        MediaPacket next = video(false);
        for (MediaPacket p : List.of(earlyAudio, delta, key, sound, next)) {
            fanOut.packet(p);
        }

        assertThat(sink.starts).containsExactly(STREAMS);
        assertThat(sink.packets).containsExactly(key, sound, next);
    }

    @Test
    void aLateSinkStartsAtOnceAndGetsPacketsFromTheNextKeyframe() {
        RecordingSink first = new RecordingSink();
        fanOut.subscribe("high", first);
        fanOut.started(STREAMS);
        fanOut.packet(video(true));
        fanOut.packet(video(false));

        RecordingSink late = new RecordingSink();
        fanOut.subscribe("high", late);
        assertThat(late.starts).containsExactly(STREAMS);
        MediaPacket delta = video(false);
        MediaPacket sound = audio();
        MediaPacket key = video(true);
        fanOut.packet(delta);
        fanOut.packet(sound);
        fanOut.packet(key);

        assertThat(late.packets).containsExactly(key);
        assertThat(first.packets).hasSize(5);
        assertThat(fanOut.subscriberCount()).isEqualTo(2);
    }

    @Test
    void audioOnlyStreamsStartAtOnce() {
        RecordingSink sink = new RecordingSink();
        fanOut.subscribe("high", sink);
        fanOut.started(List.of(new CodecParameters(0, MediaKind.AUDIO, "pcm_mulaw", 0, 0, 8000, 1, null)));
        MediaPacket sound = new MediaPacket(0, 1, 1, 0, true, ByteBuffer.wrap(new byte[] {1}));
        fanOut.packet(sound);
        assertThat(sink.packets).containsExactly(sound);
    }

    @Test
    void aStopIsReportedOnceAndARestartWaitsForAKeyframeAgain() {
        RecordingSink sink = new RecordingSink();
        fanOut.stopped("never started");
        fanOut.subscribe("high", sink);
        fanOut.started(STREAMS);
        fanOut.packet(video(true));
        fanOut.stopped("connection lost: eof");
        fanOut.stopped("connection lost: again");
        fanOut.packet(video(true));
        assertThat(sink.stops).containsExactly("connection lost: eof");
        assertThat(sink.packets).hasSize(1);

        fanOut.started(STREAMS);
        fanOut.packet(video(false));
        MediaPacket key = video(true);
        fanOut.packet(key);
        assertThat(sink.starts).hasSize(2);
        assertThat(sink.sinceStart).containsExactly(key);
    }

    @Test
    void aClosedSubscriptionGetsNothingMore() {
        RecordingSink sink = new RecordingSink();
        MediaSubscription subscription = fanOut.subscribe("high", sink);
        fanOut.started(STREAMS);
        fanOut.packet(video(true));
        subscription.close();
        subscription.close();
        fanOut.packet(video(true));
        fanOut.stopped("connection lost");
        assertThat(sink.packets).hasSize(1);
        assertThat(sink.stops).isEmpty();
        assertThat(fanOut.subscriberCount()).isZero();
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
        RecordingSink healthy = new RecordingSink();
        fanOut.subscribe("high", broken);
        fanOut.subscribe("high", healthy);
        fanOut.started(STREAMS);
        fanOut.packet(video(true));
        fanOut.packet(video(false));

        assertThat(healthy.packets).hasSize(2);
        assertThat(fanOut.subscriberCount()).isEqualTo(1);
        assertThat(CapturedLog.lines()).anySatisfy(line -> assertThat(line).contains("bug in a sink"));
    }
}
