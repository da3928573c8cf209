package org.osprey.device.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.device.stream.internal.WallClockTimestamps.NONE;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WallClockTimestampsTest {

    private static final long ANCHOR = 1_700_000_000_000_000L;
    private final AtomicLong now = new AtomicLong(ANCHOR);
    private final WallClockTimestamps timestamps = new WallClockTimestamps(now::get, ANCHOR);

    @Test
    void convertsTimeBasesToMicrosecondsWithoutOverflow() {
        assertThat(WallClockTimestamps.toMicros(90_000, 1, 90_000)).isEqualTo(1_000_000);
        assertThat(WallClockTimestamps.toMicros(6_000, 1, 90_000)).isEqualTo(66_666);
        assertThat(WallClockTimestamps.toMicros(160, 1, 8_000)).isEqualTo(20_000);
        assertThat(WallClockTimestamps.toMicros(3, 1001, 30_000)).isEqualTo(100_100);
        // Ten years of a 90 kHz clock.
        long tenYears = 90_000L * 3600 * 24 * 365 * 10;
        assertThat(WallClockTimestamps.toMicros(tenYears, 1, 90_000)).isEqualTo(tenYears / 90 * 1000);
        assertThat(WallClockTimestamps.toMicros(NONE, 1, 90_000)).isEqualTo(NONE);
        assertThat(WallClockTimestamps.toMicros(5, 0, 0)).isEqualTo(NONE);
    }

    @Test
    void placesTheFirstTimestampAtTheAnchorAndKeepsTheCamerasSpacing() {
        assertThat(timestamps.map(0, 500_000, 500_000)).isEqualTo(new WallClockTimestamps.Mapped(ANCHOR, ANCHOR));
        now.addAndGet(66_666);
        assertThat(timestamps.map(0, 566_666, 566_666).dtsMicros()).isEqualTo(ANCHOR + 66_666);
        // Audio shares the origin, so the streams stay in sync.
        assertThat(timestamps.map(1, 520_000, 520_000).dtsMicros()).isEqualTo(ANCHOR + 20_000);
    }

    @Test
    void missingTimestampsFollowTheNeighbours() {
        assertThat(timestamps.map(0, NONE, NONE).dtsMicros()).isEqualTo(ANCHOR);
        assertThat(timestamps.map(0, 0, 0).dtsMicros()).isEqualTo(ANCHOR + 1);
        assertThat(timestamps.map(0, 66_666, NONE).dtsMicros()).isEqualTo(ANCHOR + 66_666);
        assertThat(timestamps.map(0, NONE, NONE).dtsMicros()).isEqualTo(ANCHOR + 66_667);
        assertThat(timestamps.map(1, NONE, NONE).dtsMicros()).isEqualTo(ANCHOR + 66_667);
    }

    @Test
    void decodingTimesRiseStrictlyAndPresentationNeverPrecedesDecoding() {
        timestamps.map(0, 0, 0);
        assertThat(timestamps.map(0, 0, 0).dtsMicros()).isEqualTo(ANCHOR + 1);
        assertThat(timestamps.map(0, -10, -10).dtsMicros()).isEqualTo(ANCHOR + 2);
        WallClockTimestamps.Mapped reordered = timestamps.map(0, 100_000, 200_000);
        assertThat(reordered.dtsMicros()).isEqualTo(ANCHOR + 200_000);
        assertThat(reordered.ptsMicros()).isEqualTo(ANCHOR + 200_000);
        WallClockTimestamps.Mapped bFrame = timestamps.map(0, 400_000, 266_666);
        assertThat(bFrame.ptsMicros()).isEqualTo(ANCHOR + 400_000);
    }

    @Test
    void streamsWithoutAClockAreStampedOnArrival() {
        assertThat(timestamps.arrival(0).dtsMicros()).isEqualTo(ANCHOR);
        assertThat(timestamps.arrival(0).dtsMicros()).isEqualTo(ANCHOR + 1);
        now.addAndGet(100_000);
        assertThat(timestamps.arrival(0)).isEqualTo(new WallClockTimestamps.Mapped(ANCHOR + 100_000, ANCHOR + 100_000));
    }

    @Test
    void aCameraClockJumpIsReanchoredToTheWallClock() {
        timestamps.map(0, 0, 0);
        now.addAndGet(1_000_000);
        long jumped = 3_600_000_000L;
        assertThat(timestamps.map(0, jumped, jumped).dtsMicros()).isEqualTo(ANCHOR + 1_000_000);
        now.addAndGet(66_666);
        assertThat(timestamps.map(0, jumped + 66_666, jumped + 66_666).dtsMicros()).isEqualTo(ANCHOR + 1_066_666);
        // And backwards, never below what was already handed out.
        now.addAndGet(66_666);
        assertThat(timestamps.map(0, 5, 5).dtsMicros()).isEqualTo(ANCHOR + 1_133_332);
    }
}
