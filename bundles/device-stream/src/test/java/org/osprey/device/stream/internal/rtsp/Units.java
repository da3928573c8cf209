package org.osprey.device.stream.internal.rtsp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Collects access units and builds the bytes the tests feed in. */
final class Units implements Depacketizer.AccessUnitSink {

    record Unit(long timestamp, byte[] data, boolean keyframe, long durationTicks) {
    }

    final List<Unit> units = new ArrayList<>();

    @Override
    public void accessUnit(long timestamp, byte[] data, boolean keyframe, long durationTicks) {
        units.add(new Unit(timestamp, data, keyframe, durationTicks));
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** A NAL unit: its header bytes, then {@code length} payload bytes counting up. */
    static byte[] nal(int length, int... header) {
        byte[] nal = new byte[header.length + length];
        for (int i = 0; i < header.length; i++) {
            nal[i] = (byte) header[i];
        }
        for (int i = 0; i < length; i++) {
            nal[header.length + i] = (byte) (i % 251 + 1);
        }
        return nal;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** An Annex B stream of these NAL units. */
    static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(NalDepacketizer.START_CODE);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** An aggregation packet body: each unit after its 16-bit size. */
    static byte[] aggregate(byte[] header, byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        for (byte[] nal : nals) {
            out.write(nal.length >> 8);
            out.write(nal.length & 0xff);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** An RTP packet. */
    static byte[] rtp(int payloadType, int sequence, long timestamp, boolean marker, byte[] payload) {
        byte[] packet = new byte[12 + payload.length];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            packet[4 + i] = (byte) (timestamp >> (24 - 8 * i));
        }
        packet[8] = 0x12;
        packet[9] = 0x34;
        System.arraycopy(payload, 0, packet, 12, payload.length);
        return packet;
    }
}
