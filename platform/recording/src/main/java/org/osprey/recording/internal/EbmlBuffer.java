package org.osprey.recording.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that EBML elements (RFC 8794) are written into. A writer keeps one for its whole file
 * and clears it after each write to the file, so once it has grown to the size of a GOP, writing a packet
 * allocates nothing; {@link SpareBuffers} hands it on to the next file.
 */
final class EbmlBuffer {

    /**
     * Width of a size field that is written before its value is known and patched afterwards. EBML allows any
     * width up to the header's EBMLMaxSizeLength of 8, so the value never has to move.
     */
    static final int PATCHED_SIZE_WIDTH = 8;
    /** An eight-byte size of all ones: the element lasts until its parent ends, or the file does. */
    private static final long UNKNOWN_SIZE = (1L << 56) - 1;

    private byte[] bytes;
    private int length;

    EbmlBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    int capacity() {
        return bytes.length;
    }

    void clear() {
        length = 0;
    }

    /** Drops what was written from {@code newLength} on, after bytes were rewritten in {@link #array()}. */
    void truncate(int newLength) {
        length = newLength;
    }

    /** Makes room for {@code more} bytes, so the writes that follow need no checks of their own. */
    void reserve(int more) {
        if (bytes.length - length < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, Math.addExact(length, more)));
        }
    }

    /** The smallest size field that holds a size; all ones at a width would mean an unknown size. */
    static int sizeWidth(long size) {
        int width = 1;
        while (size >= (1L << (7 * width)) - 1) {
            width++;
        }
        return width;
    }

    void id(int id) {
        // An ID keeps its length marker in its own leading bits, so it is written as the bytes it is.
        int width = id >>> 24 != 0 ? 4 : id >>> 16 != 0 ? 3 : id >>> 8 != 0 ? 2 : 1;
        reserve(width);
        for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (id >>> shift);
        }
    }

    void size(long size) {
        size(size, sizeWidth(size));
    }

    /** A size field wider than needed, as EBML allows, for a size patched in place of an earlier one. */
    void size(long size, int width) {
        reserve(width);
        putSize(length, size, width);
        length += width;
    }

    private void putSize(int at, long size, int width) {
        long field = size | 1L << (7 * width);
        for (int i = width - 1; i >= 0; i--) {
            bytes[at + i] = (byte) field;
            field >>>= 8;
        }
    }

    void unsigned(int id, long value) {
        int width = 1;
        while (width < 8 && value >>> (8 * width) != 0) {
            width++;
        }
        unsigned(id, value, width);
    }

    /** An unsigned integer of a fixed width, for values patched in place later. */
    void unsigned(int id, long value, int width) {
        id(id);
        size(width);
        reserve(width);
        putLong(value, width);
    }

    /** A signed integer of eight bytes, as Matroska dates are. */
    void signed(int id, long value) {
        unsigned(id, value, 8);
    }

    void float64(int id, double value) {
        unsigned(id, Double.doubleToLongBits(value), 8);
    }

    void string(int id, String value) {
        binary(id, value.getBytes(StandardCharsets.UTF_8));
    }

    void binary(int id, byte[] value) {
        id(id);
        size(value.length);
        bytes(value, 0, value.length);
    }

    /**
     * Opens a master element whose size is patched by {@link #endMaster} once its children are written.
     *
     * @return where its size field is
     */
    int startMaster(int id) {
        return start(id, PATCHED_SIZE_WIDTH);
    }

    void endMaster(int mark) {
        end(mark, PATCHED_SIZE_WIDTH);
    }

    /**
     * Opens an element whose size is patched by {@link #end} once its content is written, in a size field of a
     * width chosen for the largest size the content may have.
     *
     * @return where its size field is
     */
    int start(int id, int sizeWidth) {
        id(id);
        reserve(sizeWidth);
        int mark = length;
        length += sizeWidth;
        return mark;
    }

    void end(int mark, int sizeWidth) {
        putSize(mark, length - mark - sizeWidth, sizeWidth);
    }

    /**
     * Opens a master element of unknown size, such as a Segment whose end is not known while it is written.
     *
     * @return where its size field is, to patch once the size is known
     */
    int startUnknownSize(int id) {
        id(id);
        int mark = length;
        size(UNKNOWN_SIZE, PATCHED_SIZE_WIDTH);
        return mark;
    }

    /** A Void element of exactly {@code total} bytes (at least 2), space kept for something written later. */
    void padding(int total) {
        if (total < 2) {
            throw new IllegalArgumentException("a Void element takes at least 2 bytes, not " + total);
        }
        // One size byte counts up to 126; anything longer gets the eight-byte size every EBML reader accepts.
        int width = total - 2 <= 126 ? 1 : PATCHED_SIZE_WIDTH;
        int content = total - 1 - width;
        id(MatroskaIds.VOID);
        size(content, width);
        reserve(content);
        Arrays.fill(bytes, length, length + content, (byte) 0);
        length += content;
    }

    void put(int value) {
        reserve(1);
        bytes[length++] = (byte) value;
    }

    void putShort(int value) {
        reserve(2);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    void putInt(int value) {
        reserve(4);
        putLong(value, 4);
    }

    private void putLong(long value, int width) {
        for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (value >>> shift);
        }
    }

    void bytes(byte[] source, int offset, int count) {
        reserve(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    /** Copies bytes at absolute positions of a buffer, which may be read-only; its position is left alone. */
    void bytes(ByteBuffer source, int index, int count) {
        reserve(count);
        source.get(index, bytes, length, count);
        length += count;
    }
}
