package org.osprey.api.media;

import java.util.Objects;

/**
 * Everything a consumer needs to write or decode one elementary stream without having seen its first
 * packet.
 *
 * @param index       stream index within the source, referred to by {@link MediaPacket#streamIndex()}
 * @param kind        video, audio or metadata
 * @param codec       codec name in FFmpeg's spelling: {@code h264}, {@code hevc}, {@code mjpeg},
 *                    {@code aac}, {@code pcm_mulaw}, {@code pcm_alaw}
 * @param width       video width in pixels, 0 for audio
 * @param height      video height in pixels, 0 for audio
 * @param sampleRate  audio sample rate in Hz, 0 for video
 * @param channels    audio channels, 0 for video
 * @param extradata   codec configuration (SPS/PPS, AudioSpecificConfig), empty when in-band
 */
public record CodecParameters(int index, MediaKind kind, String codec, int width, int height, int sampleRate,
        int channels, byte[] extradata) {

    /** Checks the mandatory parts and copies the extradata. */
    public CodecParameters {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(codec, "codec");
        extradata = extradata == null ? new byte[0] : extradata.clone();
    }

    @Override
    public byte[] extradata() {
        return extradata.clone();
    }
}
