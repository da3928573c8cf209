package org.osprey.recording.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the EBML elements of a file, so tests can check the layout itself, which a lenient demuxer would read
 * past either way.
 */
final class EbmlReader {

    /** An element: its ID, and where its data starts and ends; an unknown size lasts to the file's end. */
    record Element(int id, long dataAt, long end) {
    }

    private final byte[] file;

    EbmlReader(byte[] file) {
        this.file = file;
    }

    Element at(long position) {
        int p = (int) position;
        int idLength = Integer.numberOfLeadingZeros(file[p] & 0xFF) - 23;
        int id = (int) bigEndian(p, idLength);
        p += idLength;
        int sizeLength = Integer.numberOfLeadingZeros(file[p] & 0xFF) - 23;
        long size = bigEndian(p, sizeLength) & ~(1L << (7 * sizeLength));
        p += sizeLength;
        boolean unknown = size == (1L << (7 * sizeLength)) - 1;
        return new Element(id, p, unknown ? file.length : p + size);
    }

    List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        for (long p = parent.dataAt(); p < parent.end(); p = children.get(children.size() - 1).end()) {
            children.add(at(p));
        }
        return children;
    }

    Element child(Element parent, int id) {
        return children(parent).stream().filter(e -> e.id() == id).findFirst().orElseThrow();
    }

    long unsigned(Element element) {
        return bigEndian((int) element.dataAt(), (int) (element.end() - element.dataAt()));
    }

    double float64(Element element) {
        return Double.longBitsToDouble(unsigned(element));
    }

    private long bigEndian(int at, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | file[at + i] & 0xFF;
        }
        return value;
    }
}
