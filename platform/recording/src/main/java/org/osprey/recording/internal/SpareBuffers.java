package org.osprey.recording.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Buffers that segment writers borrow while they build a cluster and write it. A cluster is built only when
 * it is written, so only the writers flushing at the same moment hold one, whatever the number of cameras;
 * the buffers kept grow to the size of a GOP once (half a megabyte at 4 Mbit/s) instead of for every camera
 * and every file.
 */
final class SpareBuffers {

    private static final int INITIAL_BYTES = 256 << 10;
    /** More than the threads that flush at the same moment; more are left to the collector. */
    private static final int MAX_SPARE = 16;
    /** A buffer that grew for an unusually large GOP is not kept for a camera that may never need it. */
    private static final int MAX_KEPT_BYTES = 4 << 20;
    private static final BlockingQueue<EbmlBuffer> SPARE = new ArrayBlockingQueue<>(MAX_SPARE);

    private SpareBuffers() {
    }

    static EbmlBuffer take() {
        EbmlBuffer buffer = SPARE.poll();
        return buffer != null ? buffer : new EbmlBuffer(INITIAL_BYTES);
    }

    /** Gives back a borrowed buffer. */
    static void give(EbmlBuffer buffer) {
        if (buffer.capacity() <= MAX_KEPT_BYTES) {
            buffer.clear();
            SPARE.offer(buffer);
        }
    }
}
