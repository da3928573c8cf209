package org.osprey.device.stream.internal.rtsp;

/**
 * Picture width and height read from an H.264 or H.265 sequence parameter set, cropping applied, as a
 * decoder would report them.
 *
 * @param width  width in pixels
 * @param height height in pixels
 */
record VideoSize(int width, int height) {

    /** Not known yet. */
    static final VideoSize UNKNOWN = new VideoSize(0, 0);

    /**
     * Reads an H.264 SPS.
     *
     * @param nal the NAL unit, header byte included, without start code
     * @throws IllegalArgumentException when it is cut short or not an SPS
     */
    static VideoSize ofH264(byte[] nal) {
        BitReader bits = new BitReader(nal, 1, nal.length);
        int profile = bits.bits(8);
        bits.skip(16); // constraint flags, level
        bits.ue(); // seq_parameter_set_id
        int chroma = 1;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139
                || profile == 134 || profile == 135) {
            chroma = bits.ue();
            if (chroma == 3) {
                bits.skip(1); // separate_colour_plane_flag
            }
            bits.ue(); // bit_depth_luma
            bits.ue(); // bit_depth_chroma
            bits.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (bits.flag()) {
                int lists = chroma != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (bits.flag()) {
                        skipScalingList(bits, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        bits.ue(); // log2_max_frame_num_minus4
        int pocType = bits.ue();
        if (pocType == 0) {
            bits.ue();
        } else if (pocType == 1) {
            bits.skip(1);
            bits.se();
            bits.se();
            int cycle = bits.ue();
            for (int i = 0; i < cycle; i++) {
                bits.se();
            }
        }
        bits.ue(); // max_num_ref_frames
        bits.skip(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = bits.ue() + 1;
        int heightUnits = bits.ue() + 1;
        boolean frameMbsOnly = bits.flag();
        if (!frameMbsOnly) {
            bits.skip(1); // mb_adaptive_frame_field_flag
        }
        bits.skip(1); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (frameMbsOnly ? 1 : 2) * heightUnits * 16;
        if (bits.flag()) {
            int left = bits.ue();
            int right = bits.ue();
            int top = bits.ue();
            int bottom = bits.ue();
            int cropX = chroma == 0 || chroma == 3 ? 1 : 2;
            int cropY = (chroma == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
            width -= cropX * (left + right);
            height -= cropY * (top + bottom);
        }
        return checked(width, height);
    }

    private static void skipScalingList(BitReader bits, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + bits.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /**
     * Reads an H.265 SPS.
     *
     * @param nal the NAL unit, both header bytes included, without start code
     * @throws IllegalArgumentException when it is cut short or not an SPS
     */
    static VideoSize ofH265(byte[] nal) {
        BitReader bits = new BitReader(nal, 2, nal.length);
        bits.skip(4); // sps_video_parameter_set_id
        int subLayers = bits.bits(3); // sps_max_sub_layers_minus1
        bits.skip(1); // temporal_id_nesting
        bits.skip(88); // general profile
        bits.skip(8); // general_level_idc
        boolean[] profilePresent = new boolean[subLayers];
        boolean[] levelPresent = new boolean[subLayers];
        for (int i = 0; i < subLayers; i++) {
            profilePresent[i] = bits.flag();
            levelPresent[i] = bits.flag();
        }
        if (subLayers > 0) {
            bits.skip(2 * (8 - subLayers));
        }
        for (int i = 0; i < subLayers; i++) {
            if (profilePresent[i]) {
                bits.skip(88);
            }
            if (levelPresent[i]) {
                bits.skip(8);
            }
        }
        bits.ue(); // sps_seq_parameter_set_id
        int chroma = bits.ue();
        if (chroma == 3) {
            bits.skip(1);
        }
        int width = bits.ue();
        int height = bits.ue();
        if (bits.flag()) {
            int left = bits.ue();
            int right = bits.ue();
            int top = bits.ue();
            int bottom = bits.ue();
            int subWidth = chroma == 1 || chroma == 2 ? 2 : 1;
            int subHeight = chroma == 1 ? 2 : 1;
            width -= subWidth * (left + right);
            height -= subHeight * (top + bottom);
        }
        return checked(width, height);
    }

    private static VideoSize checked(int width, int height) {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("implausible picture size " + width + "x" + height);
        }
        return new VideoSize(width, height);
    }

    /** Reads the bits of a NAL unit's payload, skipping emulation prevention bytes (00 00 03). */
    static final class BitReader {
        private final byte[] data;
        private final int end;
        private int position;
        private int bit;
        private int zeros;

        BitReader(byte[] data, int offset, int end) {
            this.data = data;
            this.position = offset;
            this.end = end;
        }

        private int next() {
            if (bit == 0) {
                if (position >= end) {
                    throw new IllegalArgumentException("parameter set cut short");
                }
                if (zeros >= 2 && data[position] == 3) {
                    position++;
                    zeros = 0;
                    if (position >= end) {
                        throw new IllegalArgumentException("parameter set cut short");
                    }
                }
                zeros = data[position] == 0 ? zeros + 1 : 0;
            }
            int value = (data[position] >> (7 - bit)) & 1;
            if (++bit == 8) {
                bit = 0;
                position++;
            }
            return value;
        }

        int bits(int count) {
            int value = 0;
            for (int i = 0; i < count; i++) {
                value = (value << 1) | next();
            }
            return value;
        }

        void skip(int count) {
            for (int i = 0; i < count; i++) {
                next();
            }
        }

        boolean flag() {
            return next() == 1;
        }

        int ue() {
            int leading = 0;
            while (next() == 0) {
                if (++leading > 31) {
                    throw new IllegalArgumentException("invalid Exp-Golomb code");
                }
            }
            return (int) ((1L << leading) - 1 + (leading == 0 ? 0 : Integer.toUnsignedLong(bits(leading))));
        }

        int se() {
            int value = ue();
            return (value & 1) != 0 ? (value + 1) / 2 : -(value / 2);
        }
    }
}
