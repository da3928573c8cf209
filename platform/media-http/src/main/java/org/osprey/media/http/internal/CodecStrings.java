package org.osprey.media.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.osprey.api.media.CodecParameters;

/**
 * The RFC 6381 {@code codecs} parameter of an MP4 stream, such as {@code avc1.640028,mp4a.40.2}: a browser
 * needs it to open a Media Source Extensions buffer before it has seen a byte. Profiles and levels come from
 * the codec configuration, or for cameras that send it only in-band, from the first keyframe.
 */
final class CodecStrings {

    private CodecStrings() {
    }

    /**
     * The codecs of the streams in MP4 order, empty when one of them cannot be named, so that a client falls
     * back to probing rather than trusting a wrong name.
     */
    static Optional<String> of(List<CodecParameters> streams, ByteBuffer firstKeyframe) {
        List<String> names = new ArrayList<>();
        for (CodecParameters stream : streams) {
            Optional<String> name = switch (stream.codec()) {
                case "h264" -> h264(stream.extradata(), firstKeyframe);
                case "hevc" -> hevc(stream.extradata(), firstKeyframe);
                case "aac" -> aac(stream.extradata());
                default -> Optional.empty();
            };
            if (name.isEmpty()) {
                return Optional.empty();
            }
            names.add(name.get());
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(String.join(",", names));
    }

    /** {@code avc1.PPCCLL}: profile, constraint flags and level of the sequence parameter set. */
    static Optional<String> h264(byte[] extradata, ByteBuffer keyframe) {
        byte[] sps = null;
        if (extradata.length >= 4 && extradata[0] == 1) {
            // avcC: version, then profile, constraints and level as in the SPS.
            sps = new byte[] { 0x67, extradata[1], extradata[2], extradata[3] };
        } else {
            sps = findNal(extradata, n -> (n[0] & 0x1f) == 7, 4);
            if (sps == null && keyframe != null) {
                sps = findNal(bytes(keyframe), n -> (n[0] & 0x1f) == 7, 4);
            }
        }
        if (sps == null) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "avc1.%02X%02X%02X", sps[1] & 0xff, sps[2] & 0xff, sps[3] & 0xff));
    }

    /**
     * {@code hev1.<space><profile>.<compatibility>.<tier><level>.<constraints>} as ISO/IEC 14496-15 annex E
     * spells it; FFmpeg's MP4 muxer writes HEVC with the {@code hev1} sample entry.
     */
    static Optional<String> hevc(byte[] extradata, ByteBuffer keyframe) {
        byte[] ptl;
        if (extradata.length >= 13 && extradata[0] == 1) {
            // hvcC: the general profile, tier and level fields follow the version byte.
            ptl = java.util.Arrays.copyOfRange(extradata, 1, 13);
        } else {
            byte[] sps = findNal(extradata, n -> ((n[0] >> 1) & 0x3f) == 33, 15);
            if (sps == null && keyframe != null) {
                sps = findNal(bytes(keyframe), n -> ((n[0] >> 1) & 0x3f) == 33, 15);
            }
            if (sps == null) {
                return Optional.empty();
            }
            byte[] rbsp = unescape(sps);
            if (rbsp.length < 15) {
                return Optional.empty();
            }
            // Two bytes of NAL header, one of parameter-set id and sub-layer count, then profile_tier_level.
            ptl = java.util.Arrays.copyOfRange(rbsp, 3, 15);
        }
        int space = (ptl[0] >> 6) & 3;
        boolean highTier = (ptl[0] & 0x20) != 0;
        int profile = ptl[0] & 0x1f;
        long compatibility = ((ptl[1] & 0xffL) << 24) | ((ptl[2] & 0xffL) << 16) | ((ptl[3] & 0xffL) << 8)
                | (ptl[4] & 0xffL);
        // The compatibility flags are written in reverse bit order.
        long reversed = Long.reverse(compatibility) >>> 32;
        StringBuilder name = new StringBuilder("hev1.");
        if (space > 0) {
            name.append((char) ('A' + space - 1));
        }
        name.append(profile).append('.').append(Long.toHexString(reversed).toUpperCase(Locale.ROOT)).append('.')
                .append(highTier ? 'H' : 'L').append(ptl[11] & 0xff);
        int last = 10;
        while (last >= 5 && ptl[last] == 0) {
            last--;
        }
        for (int i = 5; i <= last; i++) {
            name.append('.').append(String.format(Locale.ROOT, "%02X", ptl[i] & 0xff));
        }
        return Optional.of(name.toString());
    }

    /** {@code mp4a.40.<object type>} from the AudioSpecificConfig. */
    static Optional<String> aac(byte[] extradata) {
        if (extradata.length < 2) {
            return Optional.empty();
        }
        int objectType = (extradata[0] & 0xff) >> 3;
        if (objectType == 31) {
            objectType = 32 + (((extradata[0] & 0x07) << 3) | ((extradata[1] & 0xe0) >> 5));
        }
        return Optional.of("mp4a.40." + objectType);
    }

    private interface NalTest {
        boolean matches(byte[] nal);
    }

    /** The first NAL unit of an Annex B byte stream that passes the test and has at least {@code min} bytes. */
    private static byte[] findNal(byte[] data, NalTest test, int min) {
        int i = 0;
        while (i + 3 <= data.length) {
            int start = startCodeEnd(data, i);
            if (start < 0) {
                i++;
                continue;
            }
            int end = start;
            while (end + 3 <= data.length && startCodeEnd(data, end) < 0) {
                end++;
            }
            if (end + 3 > data.length) {
                end = data.length;
            }
            byte[] nal = java.util.Arrays.copyOfRange(data, start, end);
            if (nal.length >= min && test.matches(nal)) {
                return nal;
            }
            i = end;
        }
        return null;
    }

    private static int startCodeEnd(byte[] data, int i) {
        if (data[i] == 0 && data[i + 1] == 0) {
            if (data[i + 2] == 1) {
                return i + 3;
            }
            if (i + 3 < data.length && data[i + 2] == 0 && data[i + 3] == 1) {
                return i + 4;
            }
        }
        return -1;
    }

    /** Removes emulation prevention bytes (00 00 03). */
    private static byte[] unescape(byte[] nal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(nal.length);
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
