package org.osprey.recording.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Builds the AVCDecoderConfigurationRecord (avcC, ISO/IEC 14496-15 5.3.3.1) that a Matroska H.264 track keeps
 * as its CodecPrivate, from parameter sets in Annex B form as RTSP cameras deliver them.
 */
final class AvcConfiguration {

    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;
    private static final int NAL_SPS_EXTENSION = 13;
    /** Profiles whose avcC has no chroma and bit depth fields: Baseline, Main and Extended. */
    private static final Set<Integer> PROFILES_WITHOUT_EXTENSION = Set.of(66, 77, 88);
    /** Profiles whose SPS states chroma format and bit depths (H.264 7.3.2.1.1); the others are 4:2:0, 8 bits. */
    private static final Set<Integer> PROFILES_WITH_CHROMA_FORMAT = Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128,
            138, 139, 134, 135);

    private AvcConfiguration() {
    }

    /**
     * @param annexB SPS and PPS (and any SPS extensions), each after a start code
     * @throws IllegalArgumentException when an SPS or a PPS is missing or the SPS cannot be read
     */
    static byte[] fromAnnexB(byte[] annexB) {
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        List<byte[]> spsExtensions = new ArrayList<>();
        for (byte[] unit : NalUnits.split(annexB)) {
            switch (unit[0] & 0x1F) {
                case NAL_SPS -> sps.add(unit);
                case NAL_PPS -> pps.add(unit);
                case NAL_SPS_EXTENSION -> spsExtensions.add(unit);
                default -> {
                    // Nothing else belongs in the record; SEI and the like stay in the packets.
                }
            }
        }
        if (sps.isEmpty() || pps.isEmpty() || sps.get(0).length < 4) {
            throw new IllegalArgumentException("H.264 configuration without SPS and PPS");
        }
        byte[] first = sps.get(0);
        int profile = first[1] & 0xFF;
        EbmlBuffer out = new EbmlBuffer(64 + annexB.length);
        out.put(1); // configurationVersion
        out.put(profile);
        out.put(first[2]); // profile_compatibility: the constraint flags
        out.put(first[3]); // AVCLevelIndication
        out.put(0xFC | NalUnits.LENGTH_SIZE - 1);
        out.put(0xE0 | count(sps, 0x1F));
        parameterSets(sps, out);
        out.put(count(pps, 0xFF));
        parameterSets(pps, out);
        if (!PROFILES_WITHOUT_EXTENSION.contains(profile)) {
            BitReader reader = BitReader.rbsp(first, 1);
            reader.skip(24); // profile_idc, constraint flags, level_idc
            reader.unsignedExpGolomb(); // seq_parameter_set_id
            int chromaFormat = 1;
            int lumaDepthMinus8 = 0;
            int chromaDepthMinus8 = 0;
            if (PROFILES_WITH_CHROMA_FORMAT.contains(profile)) {
                chromaFormat = reader.unsignedExpGolomb();
                if (chromaFormat == 3) {
                    reader.skip(1); // separate_colour_plane_flag
                }
                lumaDepthMinus8 = reader.unsignedExpGolomb();
                chromaDepthMinus8 = reader.unsignedExpGolomb();
            }
            out.put(0xFC | chromaFormat & 3);
            out.put(0xF8 | lumaDepthMinus8 & 7);
            out.put(0xF8 | chromaDepthMinus8 & 7);
            out.put(count(spsExtensions, 0xFF));
            parameterSets(spsExtensions, out);
        }
        return Arrays.copyOf(out.array(), out.length());
    }

    private static int count(List<byte[]> units, int max) {
        if (units.size() > max) {
            throw new IllegalArgumentException("too many H.264 parameter sets: " + units.size());
        }
        return units.size();
    }

    private static void parameterSets(List<byte[]> units, EbmlBuffer out) {
        for (byte[] unit : units) {
            if (unit.length > 0xFFFF) {
                throw new IllegalArgumentException("H.264 parameter set of " + unit.length + " bytes");
            }
            out.putShort(unit.length);
            out.bytes(unit, 0, unit.length);
        }
    }
}
