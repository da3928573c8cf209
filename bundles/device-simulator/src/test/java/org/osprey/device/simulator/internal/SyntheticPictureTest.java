package org.osprey.device.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyntheticPictureTest {

    @Test
    void regionsTileThePictureBelowTheTimeStrip() {
        SyntheticPicture picture = new SyntheticPicture(640, 360, 3, 2, ZoneOffset.UTC);
        assertThat(picture.regions()).isEqualTo(6);
        int strip = picture.bounds(0)[1];
        assertThat(strip).isPositive().isLessThan(40);
        long area = 0;
        for (int region = 0; region < 6; region++) {
            int[] b = picture.bounds(region);
            area += (long) (b[2] - b[0]) * (b[3] - b[1]);
        }
        assertThat(area).isEqualTo(640L * (360 - strip));
        assertThat(picture.bounds(5)[2]).isEqualTo(640);
        assertThat(picture.bounds(5)[3]).isEqualTo(360);
    }

    @Test
    void aMovingSquareChangesItsOwnRegionOnlyAndTheTimeChangesTheStripOnly() {
        SyntheticPicture picture = new SyntheticPicture(640, 360, 2, 2, ZoneOffset.UTC);
        boolean[] still = new boolean[4];
        boolean[] third = {false, false, true, false};
        Instant time = Instant.parse("2026-11-24T12:00:00Z");
        picture.render(time, 0.1, still);
        byte[] before = picture.y().clone();
        byte[] chromaBefore = picture.u().clone();
        picture.render(time.plusSeconds(1), 0.1, third);
        byte[] after = picture.y();

        int strip = picture.bounds(0)[1];
        boolean stripChanged = false;
        for (int i = 0; i < strip * 640; i++) {
            stripChanged |= before[i] != after[i];
        }
        assertThat(stripChanged).as("the time in the strip").isTrue();
        for (int region = 0; region < 4; region++) {
            int[] b = picture.bounds(region);
            int changed = 0;
            for (int y = b[1]; y < b[3]; y++) {
                for (int x = b[0]; x < b[2]; x++) {
                    changed += before[y * 640 + x] != after[y * 640 + x] ? 1 : 0;
                }
            }
            if (region == 2) {
                assertThat(changed).as("pixels changed in the moving region").isPositive();
            } else {
                assertThat(changed).as("pixels changed in region %d", region + 1).isZero();
            }
        }
        assertThat(picture.u()).isNotEqualTo(chromaBefore);
    }
}
