package org.osprey.recording.internal;

/**
 * The sample rates an AAC AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) states. A Matroska AAC track gives the
 * core rate as its SamplingFrequency and, with explicit SBR (HE-AAC), the doubled rate as its
 * OutputSamplingFrequency, as FFmpeg's muxer does.
 *
 * @param outputSampleRate the SBR rate, 0 when the config signals none
 */
record AacSampleRates(int sampleRate, int outputSampleRate) {

    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
        8000, 7350};
    private static final int ESCAPED_OBJECT_TYPE = 31;
    private static final int EXPLICIT_RATE = 15;
    private static final int OBJECT_TYPE_SBR = 5;
    private static final int OBJECT_TYPE_PS = 29;

    /** @throws IllegalArgumentException when the config is too short or names a reserved rate */
    static AacSampleRates of(byte[] audioSpecificConfig) {
        BitReader bits = new BitReader(audioSpecificConfig);
        int objectType = bits.bits(5);
        if (objectType == ESCAPED_OBJECT_TYPE) {
            objectType = 32 + bits.bits(6);
        }
        int sampleRate = rate(bits);
        bits.skip(4); // channelConfiguration
        int outputSampleRate = objectType == OBJECT_TYPE_SBR || objectType == OBJECT_TYPE_PS ? rate(bits) : 0;
        return new AacSampleRates(sampleRate, outputSampleRate);
    }

    private static int rate(BitReader bits) {
        int index = bits.bits(4);
        if (index == EXPLICIT_RATE) {
            return bits.bits(24);
        }
        if (index >= RATES.length) {
            throw new IllegalArgumentException("AAC config names reserved sample rate index " + index);
        }
        return RATES[index];
    }
}
