package org.osprey.recording.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the HEVCDecoderConfigurationRecord (hvcC, ISO/IEC 14496-15 8.3.3.1) that a Matroska H.265 track keeps
 * as its CodecPrivate, from parameter sets in Annex B form as RTSP cameras deliver them. Profile, tier, level,
 * chroma format, bit depths and temporal layers come from the SPS; what would need the VUI or the PPS
 * (min_spatial_segmentation_idc, parallelismType) is written as 0, "unknown", which the standard allows.
 */
final class HevcConfiguration {

    private static final int NAL_VPS = 32;
    private static final int NAL_SPS = 33;
    private static final int NAL_PPS = 34;
    private static final int NAL_SEI_PREFIX = 39;
    private static final int NAL_SEI_SUFFIX = 40;
    /** The NAL unit types the record carries, in the order of its arrays. */
    private static final int[] ARRAY_TYPES = {NAL_VPS, NAL_SPS, NAL_PPS, NAL_SEI_PREFIX, NAL_SEI_SUFFIX};
    /** Bytes of profile_tier_level's general part: profile, compatibility flags, constraint flags, level. */
    private static final int GENERAL_PROFILE_BYTES = 12;

    private HevcConfiguration() {
    }

    /**
     * @param annexB VPS, SPS and PPS (and any SEI), each after a start code
     * @throws IllegalArgumentException when a VPS, SPS or PPS is missing or the SPS cannot be read
     */
    static byte[] fromAnnexB(byte[] annexB) {
        List<List<byte[]>> arrays = new ArrayList<>();
        for (int ignored : ARRAY_TYPES) {
            arrays.add(new ArrayList<>());
        }
        for (byte[] unit : NalUnits.split(annexB)) {
            int type = unit.length >= 2 ? unit[0] >> 1 & 0x3F : -1;
            for (int i = 0; i < ARRAY_TYPES.length; i++) {
                if (ARRAY_TYPES[i] == type) {
                    arrays.get(i).add(unit);
                }
            }
        }
        if (arrays.get(0).isEmpty() || arrays.get(1).isEmpty() || arrays.get(2).isEmpty()) {
            throw new IllegalArgumentException("H.265 configuration without VPS, SPS and PPS");
        }
        BitReader sps = BitReader.rbsp(arrays.get(1).get(0), 2);
        sps.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = sps.bits(3);
        boolean temporalIdNested = sps.flag();
        byte[] generalProfile = new byte[GENERAL_PROFILE_BYTES];
        for (int i = 0; i < generalProfile.length; i++) {
            generalProfile[i] = (byte) sps.bits(8);
        }
        skipSubLayers(sps, maxSubLayersMinus1);
        sps.unsignedExpGolomb(); // sps_seq_parameter_set_id
        int chromaFormat = sps.unsignedExpGolomb();
        if (chromaFormat == 3) {
            sps.skip(1); // separate_colour_plane_flag
        }
        sps.unsignedExpGolomb(); // pic_width_in_luma_samples
        sps.unsignedExpGolomb(); // pic_height_in_luma_samples
        if (sps.flag()) { // conformance_window_flag: left, right, top and bottom offsets
            for (int i = 0; i < 4; i++) {
                sps.unsignedExpGolomb();
            }
        }
        int lumaDepthMinus8 = sps.unsignedExpGolomb();
        int chromaDepthMinus8 = sps.unsignedExpGolomb();

        EbmlBuffer out = new EbmlBuffer(64 + annexB.length);
        out.put(1); // configurationVersion
        out.bytes(generalProfile, 0, generalProfile.length);
        out.putShort(0xF000); // reserved, min_spatial_segmentation_idc 0
        out.put(0xFC); // reserved, parallelismType 0
        out.put(0xFC | chromaFormat & 3);
        out.put(0xF8 | lumaDepthMinus8 & 7);
        out.put(0xF8 | chromaDepthMinus8 & 7);
        out.putShort(0); // avgFrameRate: unspecified
        // constantFrameRate 0 (unknown), numTemporalLayers, temporalIdNested, lengthSizeMinusOne
        out.put((maxSubLayersMinus1 + 1 & 7) << 3 | (temporalIdNested ? 1 : 0) << 2 | NalUnits.LENGTH_SIZE - 1);
        out.put((int) arrays.stream().filter(units -> !units.isEmpty()).count());
        for (int i = 0; i < ARRAY_TYPES.length; i++) {
            List<byte[]> units = arrays.get(i);
            if (units.isEmpty()) {
                continue;
            }
            // array_completeness 0: the packets carry parameter sets of their own as well.
            out.put(ARRAY_TYPES[i]);
            out.putShort(units.size());
            for (byte[] unit : units) {
                if (unit.length > 0xFFFF) {
                    throw new IllegalArgumentException("H.265 parameter set of " + unit.length + " bytes");
                }
                out.putShort(unit.length);
                out.bytes(unit, 0, unit.length);
            }
        }
        return Arrays.copyOf(out.array(), out.length());
    }

    /** Skips the sub-layer part of profile_tier_level (H.265 7.3.3), whose general part the record copies. */
    private static void skipSubLayers(BitReader sps, int maxSubLayersMinus1) {
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = sps.flag();
            levelPresent[i] = sps.flag();
        }
        if (maxSubLayersMinus1 > 0) {
            sps.skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) {
                sps.skip(88); // sub_layer profile space, tier, idc, compatibility and constraint flags
            }
            if (levelPresent[i]) {
                sps.skip(8);
            }
        }
    }
}
