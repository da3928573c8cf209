package org.osprey.device.stream.internal.rtsp;

import java.util.Arrays;

/**
 * What H.264 (RFC 6184) and H.265 (RFC 7798) depacketising share: NAL units gathered into one Annex B
 * access unit per picture (start code {@code 00 00 00 01} before each NAL unit, as FFmpeg's RTSP demuxer
 * delivers them), closed by the marker bit or a new timestamp, so a keyframe is never split across
 * packets. Parameter sets seen in the SDP or in band are kept, and put in front of a keyframe that
 * comes without them so that every keyframe decodes on its own.
 */
abstract class NalDepacketizer extends Depacketizer {

    static final byte[] START_CODE = {0, 0, 0, 1};
    /** An access unit larger than this is a broken stream, not a picture. */
    private static final int MAX_ACCESS_UNIT = 32 << 20;

    private final ByteSink unit = new ByteSink(64 << 10);
    /** Parameter sets by kind (see {@link #parameterSetSlot}), the latest of each. */
    private final byte[][] parameterSets;
    /** Whether the access unit in progress has a slice yet. */
    private boolean sliceSeen;
    private final boolean[] present;
    private long timestamp;
    private boolean keyframe;
    /** Where the fragmented NAL unit in progress starts in {@link #unit}, -1 when none. */
    private int fragmentStart = -1;
    private boolean fragmentKeyframe;

    protected NalDepacketizer(AccessUnitSink sink, int parameterSetKinds) {
        super(sink);
        parameterSets = new byte[parameterSetKinds][];
        present = new boolean[parameterSetKinds];
    }

    /** The NAL unit type of a header starting at {@code buffer[offset]}. */
    protected abstract int type(byte[] buffer, int offset);

    /** Which parameter set a NAL type is (0, 1, ...), or -1 for any other NAL unit. */
    protected abstract int parameterSetSlot(int type);

    /** Whether a NAL type carries picture data (a slice). */
    protected abstract boolean isSlice(int type);

    /** Whether a NAL type starts a picture decodable on its own. */
    protected abstract boolean isKeyframe(int type);

    /**
     * The parameter sets known so far, each after a start code, in slot order, or {@code null} while one
     * is missing.
     */
    final byte[] extradata() {
        ByteSink out = new ByteSink(128);
        for (byte[] set : parameterSets) {
            if (set == null) {
                return null;
            }
            out.write(START_CODE, 0, START_CODE.length);
            out.write(set, 0, set.length);
        }
        return Arrays.copyOf(out.array(), out.length());
    }

    /** The parameter set in a slot, or {@code null}. */
    final byte[] parameterSet(int slot) {
        return parameterSets[slot];
    }

    /** Takes a parameter set from the session description. */
    final void knownParameterSet(byte[] nal) {
        if (nal.length > 0) {
            int slot = parameterSetSlot(type(nal, 0));
            if (slot >= 0) {
                parameterSets[slot] = nal.clone();
            }
        }
    }

    @Override
    final void packet(byte[] buffer, int offset, int length, long packetTimestamp, boolean marker,
            boolean lossBefore) {
        if (unit.length() > 0 && packetTimestamp != timestamp) {
            finish();
        }
        timestamp = packetTimestamp;
        if (lossBefore && fragmentStart >= 0) {
            // The rest of a fragmented NAL unit cannot be trusted: leave it out of the picture.
            unit.truncate(fragmentStart);
            fragmentStart = -1;
        }
        if (length > 0) {
            payload(buffer, offset, length);
        }
        if (unit.length() > MAX_ACCESS_UNIT) {
            reset();
        }
        if (marker) {
            finish();
        }
    }

    /** One RTP payload: a single NAL unit, an aggregation or a fragment. */
    protected abstract void payload(byte[] buffer, int offset, int length);

    /** Appends one whole NAL unit. */
    protected final void nal(byte[] buffer, int offset, int length) {
        if (length <= 0) {
            return;
        }
        fragmentStart = -1;
        int type = type(buffer, offset);
        int slot = parameterSetSlot(type);
        if (slot >= 0 && (sliceSeen || present[slot] && Arrays.equals(parameterSets[slot], 0,
                parameterSets[slot].length, buffer, offset, offset + length))) {
            // Some encoders repeat the parameter sets before every slice. Within a picture, after its first
            // slice, a parameter set starts a new picture for decoders (browsers refuse such samples), and a
            // repeat adds nothing: it is noted, not passed on.
            seen(type, buffer, offset, length);
            return;
        }
        sliceSeen |= isSlice(type);
        unit.write(START_CODE, 0, START_CODE.length);
        unit.write(buffer, offset, length);
        seen(type(buffer, offset), buffer, offset, length);
    }

    /** Starts a fragmented NAL unit with its rebuilt header. */
    protected final void fragmentStart(byte[] header) {
        fragmentStart = unit.length();
        unit.write(START_CODE, 0, START_CODE.length);
        unit.write(header, 0, header.length);
        int type = type(header, 0);
        fragmentKeyframe = isKeyframe(type);
        sliceSeen |= isSlice(type);
    }

    /** Continues the fragmented NAL unit in progress; ignored when its start was lost. */
    protected final void fragment(byte[] buffer, int offset, int length, boolean end) {
        if (fragmentStart < 0) {
            return;
        }
        unit.write(buffer, offset, length);
        if (end) {
            int nalStart = fragmentStart + START_CODE.length;
            seen(type(unit.array(), nalStart), unit.array(), nalStart, unit.length() - nalStart);
            keyframe |= fragmentKeyframe;
            fragmentStart = -1;
        }
    }

    private void seen(int type, byte[] buffer, int offset, int length) {
        if (isKeyframe(type)) {
            keyframe = true;
        }
        int slot = parameterSetSlot(type);
        if (slot >= 0) {
            present[slot] = true;
            byte[] known = parameterSets[slot];
            if (known == null || !Arrays.equals(known, 0, known.length, buffer, offset, offset + length)) {
                parameterSets[slot] = Arrays.copyOfRange(buffer, offset, offset + length);
            }
        }
    }

    private void finish() {
        if (fragmentStart >= 0) {
            // A NAL unit whose end never came.
            unit.truncate(fragmentStart);
            fragmentStart = -1;
        }
        if (unit.length() > 0) {
            byte[] data;
            int missing = 0;
            if (keyframe) {
                for (int slot = 0; slot < present.length; slot++) {
                    if (!present[slot] && parameterSets[slot] != null) {
                        missing += START_CODE.length + parameterSets[slot].length;
                    }
                }
            }
            data = new byte[missing + unit.length()];
            int at = 0;
            if (missing > 0) {
                for (int slot = 0; slot < present.length; slot++) {
                    if (!present[slot] && parameterSets[slot] != null) {
                        System.arraycopy(START_CODE, 0, data, at, START_CODE.length);
                        at += START_CODE.length;
                        System.arraycopy(parameterSets[slot], 0, data, at, parameterSets[slot].length);
                        at += parameterSets[slot].length;
                    }
                }
            }
            System.arraycopy(unit.array(), 0, data, at, unit.length());
            boolean key = keyframe;
            long time = timestamp;
            reset();
            sink.accessUnit(time, data, key, 0);
        } else {
            reset();
        }
    }

    private void reset() {
        unit.clear();
        keyframe = false;
        fragmentStart = -1;
        sliceSeen = false;
        Arrays.fill(present, false);
    }

    static int u16(byte[] buffer, int offset) {
        return (buffer[offset] & 0xff) << 8 | buffer[offset + 1] & 0xff;
    }
}
