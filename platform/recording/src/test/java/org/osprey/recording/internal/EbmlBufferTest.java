package org.osprey.recording.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** EBML's variable-length sizes (RFC 8794 4), and the fixed-width fields the writer patches in place. */
class EbmlBufferTest {

    @Test
    void sizesTakeTheFewestBytesAndNeverLookUnknown() {
        assertThat(EbmlBuffer.sizeWidth(0)).isEqualTo(1);
        assertThat(EbmlBuffer.sizeWidth(126)).isEqualTo(1);
        // 127 in one byte would be all ones, which means "unknown size".
        assertThat(EbmlBuffer.sizeWidth(127)).isEqualTo(2);
        assertThat(EbmlBuffer.sizeWidth((1 << 14) - 2)).isEqualTo(2);
        assertThat(EbmlBuffer.sizeWidth((1 << 14) - 1)).isEqualTo(3);
        assertThat(bytes(b -> b.size(127))).containsExactly(0x40, 0x7F);
        assertThat(bytes(b -> b.size(5, 8))).containsExactly(0x01, 0, 0, 0, 0, 0, 0, 5);
    }

    @Test
    void elementsAndMasters() {
        assertThat(bytes(b -> b.unsigned(MatroskaIds.TIMESTAMP_SCALE, 1_000_000)))
                .containsExactly(0x2A, 0xD7, 0xB1, 0x83, 0x0F, 0x42, 0x40);
        assertThat(bytes(b -> b.endMaster(b.startMaster(MatroskaIds.TARGETS))))
                .containsExactly(0x63, 0xC0, 0x01, 0, 0, 0, 0, 0, 0, 0);
        assertThat(bytes(b -> b.startUnknownSize(MatroskaIds.SEGMENT)))
                .containsExactly(0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    }

    @Test
    void voidElementsFillExactlyTheSpaceKept() {
        for (int total : new int[] {2, 11, 128, 129, 137, 138, 5000}) {
            assertThat(bytes(b -> b.padding(total))).as("Void of %d bytes", total).hasSize(total)
                    .startsWith(MatroskaIds.VOID);
        }
    }

    private static int[] bytes(Consumer<EbmlBuffer> writing) {
        EbmlBuffer buffer = new EbmlBuffer(1);
        writing.accept(buffer);
        int[] bytes = new int[buffer.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = buffer.array()[i] & 0xFF;
        }
        return bytes;
    }
}
