package org.osprey.device.stream.internal.rtsp;

import java.util.Arrays;

/** A growable byte array reused from one access unit to the next, so assembling allocates nothing. */
final class ByteSink {

    private byte[] bytes;
    private int length;

    ByteSink(int capacity) {
        bytes = new byte[capacity];
    }

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    void truncate(int newLength) {
        length = newLength;
    }

    void clear() {
        length = 0;
    }

    void write(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    void write(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
