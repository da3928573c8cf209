package org.osprey.device.stream.internal.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osprey.device.stream.internal.rtsp.Units.concat;
import static org.osprey.device.stream.internal.rtsp.Units.nal;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AudioDepacketizerTest {

    private final Units out = new Units();

    /** AU headers of AAC-hbr: 13 bits of size, 3 bits of index (delta), one 16-bit header per unit. */
    private static byte[] headers(int... sizes) {
        byte[] header = new byte[2 + 2 * sizes.length];
        int bits = 16 * sizes.length;
        header[0] = (byte) (bits >> 8);
        header[1] = (byte) bits;
        for (int i = 0; i < sizes.length; i++) {
            header[2 + 2 * i] = (byte) (sizes[i] >> 5);
            header[3 + 2 * i] = (byte) (sizes[i] << 3);
        }
        return header;
    }

    @Test
    void aacPacketWithTwoAccessUnitsGivesTwoTimedUnits() {
        byte[] first = nal(200, 0x21);
        byte[] second = nal(300, 0x21);
        AacDepacketizer aac = new AacDepacketizer(out, 13, 3, 3, 1024);
        byte[] payload = concat(headers(first.length, second.length), first, second);
        aac.packet(payload, 0, payload.length, 5000, true, false);

        assertThat(out.units).hasSize(2);
        assertThat(out.units.get(0).data()).isEqualTo(first);
        assertThat(out.units.get(1).data()).isEqualTo(second);
        assertThat(out.units).extracting(Units.Unit::timestamp).containsExactly(5000L, 6024L);
        assertThat(out.units).allSatisfy(u -> {
            assertThat(u.keyframe()).isTrue();
            assertThat(u.durationTicks()).isEqualTo(1024);
        });
    }

    @Test
    void aacAccessUnitFragmentedOverPacketsIsJoined() {
        byte[] unit = nal(3000, 0x21);
        AacDepacketizer aac = new AacDepacketizer(out, 13, 3, 3, 1024);
        byte[] one = concat(headers(unit.length), Arrays.copyOfRange(unit, 0, 1400));
        byte[] two = concat(headers(unit.length), Arrays.copyOfRange(unit, 1400, unit.length));
        aac.packet(one, 0, one.length, 7000, false, false);
        assertThat(out.units).isEmpty();
        aac.packet(two, 0, two.length, 7000, true, false);

        assertThat(out.units).hasSize(1);
        assertThat(out.units.get(0).data()).isEqualTo(unit);
    }

    @Test
    void g711PacketIsOneBlockOfSamples() {
        G711Depacketizer g711 = new G711Depacketizer(out, 1);
        byte[] samples = nal(159, 0xff);
        g711.packet(samples, 0, samples.length, 320, false, false);

        assertThat(out.units).hasSize(1);
        assertThat(out.units.get(0).data()).isEqualTo(samples);
        assertThat(out.units.get(0).durationTicks()).isEqualTo(160);
    }
}
