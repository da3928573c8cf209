package org.osprey.recording.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.media.ffmpeg.FfmpegStreams;

/**
 * Writes one segment file: packets stored in Matroska exactly as the camera sent them, never decoded or
 * re-encoded. Times are wall-clock microseconds on the way in and offsets from the segment start in the file.
 * Everything written reaches the operating system at {@link #flush()}, once per GOP, so a crash loses at most
 * what came after the last flush. One recorder thread drives an instance; it is not thread-safe.
 */
sealed interface SegmentWriter permits MatroskaSegmentWriter, FfmpegSegmentWriter {

    /**
     * Where a stream's last packet ended up in the file, in the times a reader of the file will compute. It
     * follows its stream, so that writing a packet allocates nothing: read it before the stream's next write.
     */
    interface Written {

        long ptsMicros();

        long endMicros();
    }

    /**
     * Creates the file and writes its header. Streams in H.264, H.265, M-JPEG, AAC and G.711 are written by
     * {@link MatroskaSegmentWriter}; a file with a stream it cannot store (another codec FFmpeg knows, or
     * configuration it cannot use) goes through FFmpeg's muxer, so no camera stops being recorded for its
     * codec. A stream FFmpeg's muxer refuses (audio without its codec configuration, say) is left out rather
     * than losing the video; {@link #recorded()} tells which made it.
     *
     * @param file         the new file; must not exist, so an existing recording is never truncated
     * @param originMicros wall-clock time of the segment's first packet; file times count from here
     * @param tags         format-level tags that make the file self-describing; {@code creation_time} becomes
     *                     the file's date, as FFmpeg's muxer makes it
     * @param streams      the source's streams; video and audio with a codec FFmpeg knows are recorded
     * @throws IOException when the file cannot be created or no video stream can be written
     */
    static SegmentWriter open(Path file, long originMicros, Map<String, String> tags, List<CodecParameters> streams)
            throws IOException {
        List<CodecParameters> candidates = streams.stream()
                .filter(s -> s.kind() == MediaKind.VIDEO || s.kind() == MediaKind.AUDIO)
                .filter(s -> FfmpegStreams.codecId(s.codec()) >= 0)
                .toList();
        if (candidates.stream().noneMatch(s -> s.kind() == MediaKind.VIDEO)) {
            throw new IOException("no video stream in a codec FFmpeg knows: " + streams.stream()
                    .map(CodecParameters::codec).toList());
        }
        Optional<List<MatroskaTrack>> tracks = MatroskaTrack.of(candidates);
        if (tracks.isPresent()) {
            return MatroskaSegmentWriter.open(file, originMicros, tags, tracks.get());
        }
        return FfmpegSegmentWriter.open(file, originMicros, tags, candidates);
    }

    /** The streams that are in the file. */
    List<CodecParameters> recorded();

    Path file();

    /**
     * Writes one packet.
     *
     * @param streamIndex    the source's stream index
     * @param durationMicros how long the packet lasts; the file's end is the latest packet end
     * @return its times in the file until the stream's next packet, or {@code null} when the stream is not
     *         recorded
     * @throws IOException when the file cannot be written
     */
    Written write(int streamIndex, long ptsMicros, long dtsMicros, long durationMicros, boolean keyframe,
            ByteBuffer data) throws IOException;

    /**
     * Hands everything written so far to the operating system as one cluster. What was handed over survives a
     * crash of the process.
     *
     * @return the file's length afterwards
     */
    long flush() throws IOException;

    /**
     * Writes what is left, the index (cues) and the duration, and closes the file.
     *
     * @return the final file size
     */
    long finish() throws IOException;

    /** Closes after a failure, keeping what reached the file; the segment is recovered like a crashed one. */
    void closeQuietly();

    /**
     * Drops the writer the way a killed process would: no trailer and whatever was not flushed lost. Only for
     * tests of crash recovery.
     */
    void abandon();

    /** Names of the recorded streams' codecs, for logs. */
    default List<String> codecs() {
        return recorded().stream().map(CodecParameters::codec).toList();
    }
}
