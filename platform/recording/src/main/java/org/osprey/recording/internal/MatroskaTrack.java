package org.osprey.recording.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;

/**
 * How one recorded stream is stored as a Matroska track: its TrackEntry, and how a packet becomes a block's
 * frame. Codec IDs and CodecPrivate are what FFmpeg's Matroska muxer writes for these codecs, so FFmpeg reads
 * the file back as the same codec with the same configuration.
 */
final class MatroskaTrack {

    /** WAVEFORMATEX format tags of G.711, for the A_MS/ACM tracks FFmpeg writes them in. */
    private static final int WAVE_FORMAT_ALAW = 6;
    private static final int WAVE_FORMAT_MULAW = 7;
    private static final int WAVE_FORMAT_EX_SIZE = 18;
    /** Bytes of a SimpleBlock in front of its frame: track number (one byte), timestamp, flags. */
    static final int BLOCK_HEADER_SIZE = 4;
    /** The most tracks whose number fits the one byte a block gives it. */
    private static final int MAX_TRACKS = 126;

    final CodecParameters stream;
    final int number;
    private final String codecId;
    private final byte[] codecPrivate;
    /** Whether packets come in Annex B and are stored length-prefixed, as Matroska wants H.264 and H.265. */
    private final boolean annexB;
    private final int samplingFrequency;
    private final int outputSamplingFrequency;
    private final int bitDepth;

    private MatroskaTrack(CodecParameters stream, int number, String codecId, byte[] codecPrivate, boolean annexB,
            int samplingFrequency, int outputSamplingFrequency, int bitDepth) {
        this.stream = stream;
        this.number = number;
        this.codecId = codecId;
        this.codecPrivate = codecPrivate;
        this.annexB = annexB;
        this.samplingFrequency = samplingFrequency;
        this.outputSamplingFrequency = outputSamplingFrequency;
        this.bitDepth = bitDepth;
    }

    /**
     * The tracks of a file, numbered from 1 in the order of the streams, or none when one of the streams
     * cannot be stored natively: a codec this writer does not know, or configuration it cannot use (AAC that
     * comes as ADTS without an AudioSpecificConfig, H.264 without parameter sets). FFmpeg's muxer writes
     * such a file, as it did before this writer existed.
     */
    static Optional<List<MatroskaTrack>> of(List<CodecParameters> streams) {
        List<MatroskaTrack> tracks = new ArrayList<>();
        for (CodecParameters stream : streams) {
            if (tracks.size() == MAX_TRACKS) {
                return Optional.empty();
            }
            try {
                tracks.add(of(stream, tracks.size() + 1));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(tracks));
    }

    /**
     * @param stream a stream with a codec name in FFmpeg's spelling
     * @throws IllegalArgumentException when the codec is not stored natively or its configuration is missing or
     *                                  unreadable
     */
    private static MatroskaTrack of(CodecParameters stream, int number) {
        byte[] extradata = stream.extradata();
        return switch (stream.codec()) {
            case "h264" -> video(stream, number, "V_MPEG4/ISO/AVC", extradata, AvcConfiguration::fromAnnexB);
            case "hevc" -> video(stream, number, "V_MPEGH/ISO/HEVC", extradata, HevcConfiguration::fromAnnexB);
            case "mjpeg" -> new MatroskaTrack(stream, number, "V_MJPEG", new byte[0], false, 0, 0, 0);
            case "aac" -> aac(stream, number, extradata);
            case "pcm_mulaw" -> g711(stream, number, WAVE_FORMAT_MULAW);
            case "pcm_alaw" -> g711(stream, number, WAVE_FORMAT_ALAW);
            default -> throw new IllegalArgumentException(stream.codec() + " is not stored natively");
        };
    }

    private interface ConfigurationRecord {
        byte[] fromAnnexB(byte[] annexB);
    }

    /**
     * An H.264 or H.265 track. Configuration that is a record already (from a file or FFmpeg's demuxer) comes
     * with length-prefixed packets and is kept as it is; Annex B configuration comes with Annex B packets.
     */
    private static MatroskaTrack video(CodecParameters stream, int number, String codecId, byte[] extradata,
            ConfigurationRecord record) {
        if (extradata.length == 0) {
            throw new IllegalArgumentException(stream.codec() + " without parameter sets");
        }
        boolean annexB = NalUnits.isAnnexB(extradata);
        byte[] codecPrivate = annexB ? record.fromAnnexB(extradata) : extradata;
        return new MatroskaTrack(stream, number, codecId, codecPrivate, annexB, 0, 0, 0);
    }

    private static MatroskaTrack aac(CodecParameters stream, int number, byte[] audioSpecificConfig) {
        if (audioSpecificConfig.length < 2) {
            throw new IllegalArgumentException("AAC without its AudioSpecificConfig");
        }
        AacSampleRates rates = AacSampleRates.of(audioSpecificConfig);
        return new MatroskaTrack(stream, number, "A_AAC", audioSpecificConfig, false, rates.sampleRate(),
                rates.outputSampleRate(), 0);
    }

    /** G.711 in a WAVEFORMATEX, as FFmpeg's muxer stores codecs that have no Matroska codec ID of their own. */
    private static MatroskaTrack g711(CodecParameters stream, int number, int formatTag) {
        if (stream.sampleRate() <= 0) {
            throw new IllegalArgumentException(stream.codec() + " without a sample rate");
        }
        int channels = Math.max(1, stream.channels());
        ByteBuffer format = ByteBuffer.allocate(WAVE_FORMAT_EX_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        format.putShort((short) formatTag);
        format.putShort((short) channels);
        format.putInt(stream.sampleRate());
        format.putInt(stream.sampleRate() * channels); // bytes per second: one byte per sample
        format.putShort((short) channels); // block align
        format.putShort((short) 8); // bits per sample
        format.putShort((short) 0); // no extra bytes
        return new MatroskaTrack(stream, number, "A_MS/ACM", format.array(), false, stream.sampleRate(), 0, 8);
    }

    boolean isVideo() {
        return stream.kind() == MediaKind.VIDEO;
    }

    void writeEntry(EbmlBuffer out) {
        int entry = out.startMaster(MatroskaIds.TRACK_ENTRY);
        out.unsigned(MatroskaIds.TRACK_NUMBER, number);
        // Unique within the file is all a UID must be; a random one would make equal recordings differ.
        out.unsigned(MatroskaIds.TRACK_UID, number);
        out.unsigned(MatroskaIds.TRACK_TYPE, isVideo() ? MatroskaIds.TRACK_TYPE_VIDEO : MatroskaIds.TRACK_TYPE_AUDIO);
        out.unsigned(MatroskaIds.FLAG_LACING, 0);
        // Matroska's default language is English; a camera's sound has none.
        out.string(MatroskaIds.LANGUAGE, "und");
        out.string(MatroskaIds.CODEC_ID, codecId);
        if (codecPrivate.length > 0) {
            out.binary(MatroskaIds.CODEC_PRIVATE, codecPrivate);
        }
        if (isVideo()) {
            int video = out.startMaster(MatroskaIds.VIDEO);
            out.unsigned(MatroskaIds.PIXEL_WIDTH, stream.width());
            out.unsigned(MatroskaIds.PIXEL_HEIGHT, stream.height());
            out.endMaster(video);
        } else {
            int audio = out.startMaster(MatroskaIds.AUDIO);
            out.float64(MatroskaIds.SAMPLING_FREQUENCY, samplingFrequency);
            if (outputSamplingFrequency != 0 && outputSamplingFrequency != samplingFrequency) {
                out.float64(MatroskaIds.OUTPUT_SAMPLING_FREQUENCY, outputSamplingFrequency);
            }
            out.unsigned(MatroskaIds.CHANNELS, Math.max(1, stream.channels()));
            if (bitDepth != 0) {
                out.unsigned(MatroskaIds.BIT_DEPTH, bitDepth);
            }
            out.endMaster(audio);
        }
        out.endMaster(entry);
    }

    /** The most bytes {@link #writeFrame} writes for a packet of a given size. */
    int maxFrameSize(int packetSize) {
        return annexB ? NalUnits.maxLengthPrefixedSize(packetSize) : packetSize;
    }

    /**
     * Writes a packet's payload as the frame of a block: unchanged, or Annex B turned length-prefixed.
     *
     * @return the number of bytes written
     */
    int writeFrame(ByteBuffer data, EbmlBuffer out) {
        if (annexB) {
            return NalUnits.toLengthPrefixed(data, out);
        }
        int size = data.remaining();
        out.bytes(data, data.position(), size);
        return size;
    }
}
