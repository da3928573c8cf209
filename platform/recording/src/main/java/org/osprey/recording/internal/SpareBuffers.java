package org.osprey.recording.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Cluster buffers of closed segment files, for the next files to build their clusters in. Every camera gets a
 * new writer each segment (a minute by default), and a new buffer would grow to the size of a GOP again
 * (half a megabyte at 4 Mbit/s): too large to die young in the heap, and allocated per segment per camera.
 */
final class SpareBuffers {

    private static final int INITIAL_BYTES = 256 << 10;
    /** Enough for the cameras that change files at the same moment; more are left to the collector. */
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

    /** Gives back a buffer its writer no longer uses. */
    static void give(EbmlBuffer buffer) {
        if (buffer.capacity() <= MAX_KEPT_BYTES) {
            buffer.clear();
            SPARE.offer(buffer);
        }
    }
}
