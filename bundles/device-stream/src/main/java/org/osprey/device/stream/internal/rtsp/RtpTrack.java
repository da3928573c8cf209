package org.osprey.device.stream.internal.rtsp;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;

/**
 * One received RTP stream: checks and orders its packets, counts the lost ones, places its timestamps on
 * the session's time line, and depacketises it into access units.
 */
final class RtpTrack {

    /** Receives access units with the stream's time already in microseconds. */
    interface Output {
        /**
         * @param track          the track
         * @param streamMicros   the access unit's time on the session's time line, microseconds
         * @param durationMicros its duration, 0 when unknown
         */
        void accessUnit(RtpTrack track, long streamMicros, long durationMicros, byte[] data, boolean keyframe);
    }

    /** Shared by the tracks of one session so that sender reports line them up with each other. */
    static final class Session {
        private final long startedMicros;
        private long ntpBase = Long.MIN_VALUE;

        /** @param startedMicros the wall clock when the session began to play */
        Session(long startedMicros) {
            this.startedMicros = startedMicros;
        }
    }

    private static final long NONE = Long.MIN_VALUE;
    /** Timestamp steps used to measure the frame rate when the stream does not declare it. */
    private static final int RATE_SAMPLES = 8;
    /** Seconds between 1900 (NTP) and 1970 (Unix). */
    private static final long NTP_UNIX_OFFSET = 2_208_988_800L;

    private final int index;
    private final MediaKind kind;
    private final String codec;
    private final int clockRate;
    private final int channels;
    private final byte[] audioConfig;
    private final Depacketizer depacketizer;
    private final NalDepacketizer video;
    private final boolean h265;
    private final Session session;
    private final Output output;
    private final String control;
    private double frameRate;
    private VideoSize size = VideoSize.UNKNOWN;

    private int lastSequence = -1;
    private long packetsLost;
    private long extendedTimestamp = NONE;
    private long firstTimestamp = NONE;
    private long firstOffsetMicros;
    private long reportNtpMicros = NONE;
    private long reportTimestamp;
    private long lastUnitTimestamp = NONE;
    private final long[] rateSteps = new long[RATE_SAMPLES];
    private int rateCount;

    private RtpTrack(int index, Sdp.Media media, String codec, Session session, Output output) {
        this.index = index;
        this.kind = media.type().equals("video") ? MediaKind.VIDEO : MediaKind.AUDIO;
        this.codec = codec;
        this.clockRate = media.clockRate();
        this.channels = media.channels();
        this.session = session;
        this.output = output;
        this.control = media.control();
        this.frameRate = media.frameRate();
        Depacketizer.AccessUnitSink sink = this::accessUnit;
        byte[] config = new byte[0];
        switch (codec) {
            case "h264" -> {
                video = new H264Depacketizer(sink);
                h265 = false;
                String sets = media.parameter("sprop-parameter-sets");
                if (sets != null) {
                    for (String set : sets.split(",")) {
                        video.knownParameterSet(base64(set));
                    }
                }
            }
            case "hevc" -> {
                video = new H265Depacketizer(sink);
                h265 = true;
                for (String name : new String[] {"sprop-vps", "sprop-sps", "sprop-pps"}) {
                    String sets = media.parameter(name);
                    if (sets != null) {
                        for (String set : sets.split(",")) {
                            video.knownParameterSet(base64(set));
                        }
                    }
                }
            }
            default -> {
                video = null;
                h265 = false;
            }
        }
        if (codec.equals("aac")) {
            String hex = media.parameter("config");
            config = hex == null ? new byte[0] : hex(hex);
            depacketizer = new AacDepacketizer(sink, integer(media, "sizelength", 13), integer(media, "indexlength", 3),
                    integer(media, "indexdeltalength", 3), integer(media, "constantduration", 1024));
        } else if (video == null) {
            depacketizer = new G711Depacketizer(sink, channels);
        } else {
            depacketizer = video;
        }
        this.audioConfig = config;
        if (video != null) {
            updateSize();
        }
    }

    /**
     * A track for a medium this client reads, or {@code null} when it cannot: another codec, another
     * payload format, or no clock rate.
     */
    static RtpTrack of(int index, Sdp.Media media, Session session, Output output) {
        String codec = codecOf(media);
        if (codec == null) {
            return null;
        }
        return new RtpTrack(index, media, codec, session, output);
    }

    /** FFmpeg's name of the medium's codec when this client reads it, else {@code null}. */
    static String codecOf(Sdp.Media media) {
        if (media.clockRate() <= 0) {
            return null;
        }
        String encoding = media.encoding();
        if (media.type().equals("video")) {
            if (encoding.equals("H264")) {
                String mode = media.parameter("packetization-mode");
                return mode == null || mode.equals("0") || mode.equals("1") ? "h264" : null;
            }
            if (encoding.equals("H265")) {
                String donDiff = media.parameter("sprop-max-don-diff");
                return donDiff == null || donDiff.equals("0") ? "hevc" : null;
            }
            return null;
        }
        if (media.type().equals("audio")) {
            if (encoding.equals("PCMU")) {
                return "pcm_mulaw";
            }
            if (encoding.equals("PCMA")) {
                return "pcm_alaw";
            }
            if (encoding.equals("MPEG4-GENERIC")) {
                String mode = media.parameter("mode");
                String streamType = media.parameter("streamtype");
                boolean aac = mode != null && (mode.equalsIgnoreCase("AAC-hbr") || mode.equalsIgnoreCase("AAC-lbr"));
                return aac && (streamType == null || streamType.equals("5")) && media.parameter("config") != null
                        ? "aac" : null;
            }
        }
        return null;
    }

    int index() {
        return index;
    }

    MediaKind kind() {
        return kind;
    }

    /** The control attribute of the track's medium, or {@code null}. */
    String control() {
        return control;
    }

    long packetsLost() {
        return packetsLost;
    }

    /** Frames per second from the description or measured from the first timestamps, 0 until known. */
    double frameRate() {
        return frameRate;
    }

    /** Whether everything a consumer needs up front is known (a video stream's parameter sets). */
    boolean described() {
        return video == null || video.extradata() != null && size != VideoSize.UNKNOWN;
    }

    /** What a consumer needs to write or decode the stream, in the form FFmpeg's RTSP demuxer gives. */
    CodecParameters parameters() {
        if (video != null) {
            byte[] extradata = video.extradata();
            return new CodecParameters(index, kind, codec, size.width(), size.height(), 0, 0,
                    extradata == null ? new byte[0] : extradata);
        }
        return new CodecParameters(index, kind, codec, 0, 0, clockRate, channels, audioConfig);
    }

    /**
     * One RTP packet from the interleaved channel.
     *
     * @param clock the wall clock in microseconds, read only for a stream's first packet
     */
    void rtp(byte[] buffer, int offset, int length, LongSupplier clock) {
        if (length < 12 || (buffer[offset] & 0xc0) != 0x80) {
            return;
        }
        int first = buffer[offset] & 0xff;
        int csrcs = first & 0x0f;
        boolean marker = (buffer[offset + 1] & 0x80) != 0;
        int sequence = NalDepacketizer.u16(buffer, offset + 2);
        int timestamp = (buffer[offset + 4] & 0xff) << 24 | (buffer[offset + 5] & 0xff) << 16
                | (buffer[offset + 6] & 0xff) << 8 | buffer[offset + 7] & 0xff;
        int header = 12 + 4 * csrcs;
        if ((first & 0x10) != 0) {
            if (length < header + 4) {
                return;
            }
            header += 4 + 4 * NalDepacketizer.u16(buffer, offset + header + 2);
        }
        int end = length;
        if ((first & 0x20) != 0) {
            end -= buffer[offset + length - 1] & 0xff;
        }
        if (end < header) {
            return;
        }
        boolean lossBefore = false;
        if (lastSequence >= 0) {
            int gap = (sequence - lastSequence - 1) & 0xffff;
            if (gap >= 0x8000) {
                // A repeated or late packet: what it carried was already passed on.
                return;
            }
            if (gap > 0) {
                packetsLost += gap;
                lossBefore = true;
            }
        }
        lastSequence = sequence;
        if (extendedTimestamp == NONE) {
            extendedTimestamp = Integer.toUnsignedLong(timestamp);
            firstTimestamp = extendedTimestamp;
            firstOffsetMicros = clock.getAsLong() - session.startedMicros;
        } else {
            extendedTimestamp += timestamp - (int) extendedTimestamp;
        }
        depacketizer.packet(buffer, offset + header, end - header, extendedTimestamp, marker, lossBefore);
    }

    /** One RTCP compound packet from the interleaved channel; sender reports map RTP time to NTP time. */
    void rtcp(byte[] buffer, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at + 4 <= end) {
            int words = NalDepacketizer.u16(buffer, at + 2);
            int size = 4 * (words + 1);
            if (at + size > end) {
                return;
            }
            int type = buffer[at + 1] & 0xff;
            if (type == 200 && size >= 28 && extendedTimestamp != NONE) {
                long seconds = u32(buffer, at + 8);
                long fraction = u32(buffer, at + 12);
                int timestamp = (int) u32(buffer, at + 16);
                reportNtpMicros = (seconds - NTP_UNIX_OFFSET) * 1_000_000L + (fraction * 1_000_000L >>> 32);
                reportTimestamp = extendedTimestamp + (timestamp - (int) extendedTimestamp);
            }
            at += size;
        }
    }

    private void accessUnit(long timestamp, byte[] data, boolean keyframe, long durationTicks) {
        if (video != null) {
            if (size == VideoSize.UNKNOWN) {
                updateSize();
            }
            measureFrameRate(timestamp);
        }
        output.accessUnit(this, streamMicros(timestamp), ticksToMicros(durationTicks), data, keyframe);
    }

    private void measureFrameRate(long timestamp) {
        if (frameRate > 0) {
            return;
        }
        if (lastUnitTimestamp != NONE && timestamp > lastUnitTimestamp) {
            rateSteps[rateCount++] = timestamp - lastUnitTimestamp;
            if (rateCount == RATE_SAMPLES) {
                long[] sorted = rateSteps.clone();
                Arrays.sort(sorted);
                frameRate = Math.round(clockRate * 1000.0 / sorted[RATE_SAMPLES / 2]) / 1000.0;
            }
        }
        lastUnitTimestamp = timestamp;
    }

    private void updateSize() {
        byte[] sps = video.parameterSet(h265 ? 1 : 0);
        if (sps != null) {
            try {
                size = h265 ? VideoSize.ofH265(sps) : VideoSize.ofH264(sps);
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                size = VideoSize.UNKNOWN;
            }
        }
    }

    /**
     * The time line: before any sender report, each track counts from its first packet, placed at the
     * moment it arrived; once reports come, NTP time minus a session-wide base fixed by the first report,
     * so tracks stay in step with each other as the camera stamped them.
     */
    private long streamMicros(long timestamp) {
        long relative = firstOffsetMicros + ticksToMicros(timestamp - firstTimestamp);
        if (reportNtpMicros == NONE) {
            return relative;
        }
        long ntp = reportNtpMicros + ticksToMicros(timestamp - reportTimestamp);
        if (session.ntpBase == NONE) {
            session.ntpBase = ntp - relative;
        }
        return ntp - session.ntpBase;
    }

    private long ticksToMicros(long ticks) {
        return ticks / clockRate * 1_000_000L + ticks % clockRate * 1_000_000L / clockRate;
    }

    private static long u32(byte[] buffer, int offset) {
        return (long) NalDepacketizer.u16(buffer, offset) << 16 | NalDepacketizer.u16(buffer, offset + 2);
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] hex(String value) {
        try {
            return HexFormat.of().parseHex(value.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static int integer(Sdp.Media media, String name, int fallback) {
        String value = media.parameter(name);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
