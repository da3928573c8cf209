package org.osprey.device.stream.internal.rtsp;

/**
 * Turns the payloads of one RTP stream back into the codec's access units. The payload is only read
 * during the call: its buffer is reused for the next packet.
 */
abstract class Depacketizer {

    /** Receives whole access units. */
    interface AccessUnitSink {
        /**
         * @param timestamp     the RTP timestamp, extended past wrap-arounds
         * @param data          the access unit, owned by the receiver from now on
         * @param keyframe      whether decoding can start here
         * @param durationTicks its duration in RTP clock ticks, 0 when unknown
         */
        void accessUnit(long timestamp, byte[] data, boolean keyframe, long durationTicks);
    }

    protected final AccessUnitSink sink;

    protected Depacketizer(AccessUnitSink sink) {
        this.sink = sink;
    }

    /**
     * One RTP packet's payload.
     *
     * @param timestamp  the packet's extended RTP timestamp
     * @param marker     the RTP marker bit
     * @param lossBefore whether packets were lost right before this one
     */
    abstract void packet(byte[] buffer, int offset, int length, long timestamp, boolean marker, boolean lossBefore);
}
