package org.osprey.recording.internal;

import static org.osprey.recording.internal.MatroskaIds.CLUSTER;
import static org.osprey.recording.internal.MatroskaIds.CUES;
import static org.osprey.recording.internal.MatroskaIds.INFO;
import static org.osprey.recording.internal.MatroskaIds.TAGS;
import static org.osprey.recording.internal.MatroskaIds.TRACKS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osprey.api.media.CodecParameters;

/**
 * Writes a segment as Matroska itself, without FFmpeg: no JNI call, native allocation or copy per packet, and
 * no muxer holding clusters in native memory. The packets of the cluster in progress stay where they are (the
 * stream's GOP ring holds them anyway) until {@link #flush()} builds the cluster in a buffer borrowed for the
 * moment and hands it to the operating system in a single write: a camera's writer holds no buffer of its own
 * between clusters, only the buffers of the writers flushing at the same moment exist. Clusters are complete
 * when they reach the file, so a file cut off at any byte reads to its last complete cluster.
 *
 * <p>Layout: EBML header; Segment of unknown size holding space for the SeekHead, Info (its Duration's space
 * kept empty), Tracks and Tags, then the clusters. {@link #finish()} appends the Cues and then fills in the
 * SeekHead, the Duration and the Segment's size; a file without them is one cut short, as after a crash.
 */
final class MatroskaSegmentWriter implements SegmentWriter {

    /** Block timestamps count milliseconds (TimestampScale in ns), the time base FFmpeg's muxer used before. */
    private static final long TIMESTAMP_SCALE_NANOS = 1_000_000;
    private static final String APPLICATION = "Osprey";
    /** FFmpeg's muxer keeps the {@code creation_time} tag as the file's date; so does this writer. */
    private static final String CREATION_TIME_TAG = "creation_time";
    /** Microseconds from the Unix epoch to Matroska's, 2001-01-01T00:00:00Z, where DateUTC counts from. */
    private static final long MATROSKA_EPOCH_MICROS = 978_307_200_000_000L;
    /** The Duration element: two-byte ID, one-byte size, eight-byte float. */
    private static final int DURATION_BYTES = 11;
    /** The elements the SeekHead points at once the file is finished, and where each is in that list. */
    private static final int[] SEEK_TARGETS = {INFO, TRACKS, TAGS, CUES};
    private static final int SEEK_INFO = 0;
    private static final int SEEK_TRACKS = 1;
    private static final int SEEK_TAGS = 2;
    private static final int SEEK_CUES = 3;
    private static final int SEEK_HEAD_BYTES = seekHead(new EbmlBuffer(256), new long[SEEK_TARGETS.length],
            SEEK_TARGETS.length).length();
    /**
     * A cluster that grows past this is written before its GOP ends, which bounds the buffer for cameras with
     * long GOPs at high rates; a 1080p GOP of one second at 4 Mbit/s is a quarter of it.
     */
    private static final int CLUSTER_LIMIT_BYTES = 2 << 20;
    /** A block's timestamp is a signed 16-bit offset from its cluster's. */
    private static final long MAX_BLOCK_OFFSET = Short.MAX_VALUE;
    /** Blocks of a GOP of one second at 30 pictures a second, with audio: the arrays rarely grow. */
    private static final int INITIAL_PENDING = 128;
    /** Per cue: time, cluster position, track. */
    private static final int CUE_FIELDS = 3;

    private final Path file;
    private final List<CodecParameters> recorded;
    /** By the source's stream index; {@code null} where the stream is not recorded. */
    private final MatroskaTrack[] trackOf;
    private final TrackClock[] clockOf;
    private final long segmentSizeAt;
    /** File position of the Segment's first child; positions in the SeekHead and Cues count from here. */
    private final long segmentDataAt;
    private final long durationAt;
    /** Positions of the {@link #SEEK_TARGETS}; the Cues' once they are written. */
    private final long[] seekPositions = new long[SEEK_TARGETS.length];
    private FileChannel channel;
    /** Borrowed from {@link SpareBuffers} while the writer builds something to write, {@code null} between. */
    private EbmlBuffer buffer;
    /** Bytes in the file: where the next cluster begins. */
    private long written;
    /** The blocks of the cluster in progress: their tracks, times, keyframe flags and payloads, in order. */
    private MatroskaTrack[] pendingTracks = new MatroskaTrack[INITIAL_PENDING];
    private long[] pendingTimes = new long[INITIAL_PENDING];
    private boolean[] pendingKeyframes = new boolean[INITIAL_PENDING];
    private ByteBuffer[] pendingData = new ByteBuffer[INITIAL_PENDING];
    private int pendingCount;
    private long pendingBytes;
    private long clusterTimestamp;
    private long durationTicks;
    private long[] cues = new long[64 * CUE_FIELDS];
    private int cueCount;

    private MatroskaSegmentWriter(Path file, long originMicros, Map<String, String> tags, List<MatroskaTrack> tracks,
            FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.recorded = tracks.stream().map(t -> t.stream).toList();
        int slots = recorded.stream().mapToInt(CodecParameters::index).max().orElse(0) + 1;
        trackOf = new MatroskaTrack[slots];
        clockOf = new TrackClock[slots];
        for (MatroskaTrack track : tracks) {
            trackOf[track.stream.index()] = track;
            // Milliseconds, as TIMESTAMP_SCALE_NANOS makes the file's ticks.
            clockOf[track.stream.index()] = new TrackClock(originMicros, 1, 1000);
        }

        Map<String, String> simpleTags = new LinkedHashMap<>(tags);
        String creationTime = simpleTags.remove(CREATION_TIME_TAG);
        buffer = SpareBuffers.take();
        writeEbmlHeader();
        segmentSizeAt = buffer.startUnknownSize(MatroskaIds.SEGMENT);
        segmentDataAt = buffer.length();
        buffer.padding(SEEK_HEAD_BYTES);
        seekPositions[SEEK_INFO] = buffer.length() - segmentDataAt;
        durationAt = writeInfo(creationTime);
        seekPositions[SEEK_TRACKS] = buffer.length() - segmentDataAt;
        int tracksMark = buffer.startMaster(TRACKS);
        tracks.forEach(track -> track.writeEntry(buffer));
        buffer.endMaster(tracksMark);
        seekPositions[SEEK_TAGS] = buffer.length() - segmentDataAt;
        writeTags(simpleTags);
        // A file that exists is readable from the start: a crash before the first GOP leaves a header that
        // says whose it is, not an empty file.
        writeBuffer();
        returnBuffer();
    }

    /**
     * Creates the file and writes its header.
     *
     * @param tracks the file's tracks, at least one of them video
     * @throws IOException when the file cannot be created
     */
    static MatroskaSegmentWriter open(Path file, long originMicros, Map<String, String> tags,
            List<MatroskaTrack> tracks) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return new MatroskaSegmentWriter(file, originMicros, tags, tracks, channel);
        } catch (IOException | RuntimeException e) {
            // Nothing was recorded into it yet: a header at most.
            channel.close();
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private void writeEbmlHeader() {
        int header = buffer.startMaster(MatroskaIds.EBML);
        buffer.unsigned(MatroskaIds.EBML_VERSION, 1);
        buffer.unsigned(MatroskaIds.EBML_READ_VERSION, 1);
        buffer.unsigned(MatroskaIds.EBML_MAX_ID_LENGTH, 4);
        buffer.unsigned(MatroskaIds.EBML_MAX_SIZE_LENGTH, 8);
        buffer.string(MatroskaIds.DOC_TYPE, "matroska");
        // SimpleBlock is the newest element written: Matroska version 2.
        buffer.unsigned(MatroskaIds.DOC_TYPE_VERSION, 2);
        buffer.unsigned(MatroskaIds.DOC_TYPE_READ_VERSION, 2);
        buffer.endMaster(header);
    }

    /** @return the file position of the space kept for the Duration */
    private long writeInfo(String creationTime) {
        int info = buffer.startMaster(INFO);
        buffer.unsigned(MatroskaIds.TIMESTAMP_SCALE, TIMESTAMP_SCALE_NANOS);
        buffer.string(MatroskaIds.MUXING_APP, APPLICATION);
        buffer.string(MatroskaIds.WRITING_APP, APPLICATION);
        if (creationTime != null) {
            try {
                buffer.signed(MatroskaIds.DATE_UTC, (Micros.parseIso(creationTime) - MATROSKA_EPOCH_MICROS) * 1000);
            } catch (DateTimeParseException e) {
                // As FFmpeg's muxer does: an unreadable date is left out, the recording goes on.
            }
        }
        long at = buffer.length();
        buffer.padding(DURATION_BYTES);
        buffer.endMaster(info);
        return at;
    }

    /** Format-level tags: one Tag with empty Targets, which readers take as the whole file's. */
    private void writeTags(Map<String, String> tags) {
        int tagsMark = buffer.startMaster(TAGS);
        if (!tags.isEmpty()) {
            int tag = buffer.startMaster(MatroskaIds.TAG);
            buffer.endMaster(buffer.startMaster(MatroskaIds.TARGETS));
            for (Map.Entry<String, String> entry : tags.entrySet()) {
                int simpleTag = buffer.startMaster(MatroskaIds.SIMPLE_TAG);
                buffer.string(MatroskaIds.TAG_NAME, entry.getKey());
                buffer.string(MatroskaIds.TAG_STRING, entry.getValue());
                buffer.endMaster(simpleTag);
            }
            buffer.endMaster(tag);
        }
        buffer.endMaster(tagsMark);
    }

    @Override
    public List<CodecParameters> recorded() {
        return recorded;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public Written write(int streamIndex, long ptsMicros, long dtsMicros, long durationMicros, boolean keyframe,
            ByteBuffer data) throws IOException {
        MatroskaTrack track = streamIndex >= 0 && streamIndex < trackOf.length ? trackOf[streamIndex] : null;
        if (track == null) {
            return null;
        }
        requireOpen();
        TrackClock clock = clockOf[streamIndex];
        clock.place(ptsMicros, dtsMicros, durationMicros);
        gather(track, clock.pts(), keyframe, data);
        durationTicks = Math.max(durationTicks, clock.end());
        return clock;
    }

    /** Adds a block to the cluster in progress, writing that cluster first where the block cannot join it. */
    private void gather(MatroskaTrack track, long timestamp, boolean keyframe, ByteBuffer data) throws IOException {
        if (pendingCount > 0 && (Math.abs(timestamp - clusterTimestamp) > MAX_BLOCK_OFFSET
                || pendingBytes >= CLUSTER_LIMIT_BYTES)) {
            writeCluster();
        }
        if (pendingCount == 0) {
            clusterTimestamp = timestamp;
        }
        if (keyframe && track.isVideo()) {
            addCue(timestamp, track.number);
        }
        if (pendingCount == pendingTracks.length) {
            int grown = pendingCount * 2;
            pendingTracks = Arrays.copyOf(pendingTracks, grown);
            pendingTimes = Arrays.copyOf(pendingTimes, grown);
            pendingKeyframes = Arrays.copyOf(pendingKeyframes, grown);
            pendingData = Arrays.copyOf(pendingData, grown);
        }
        pendingTracks[pendingCount] = track;
        pendingTimes[pendingCount] = timestamp;
        pendingKeyframes[pendingCount] = keyframe;
        // The packet's payload is read-only and shared, so keeping the reference until the cluster is written
        // costs nothing: its GOP is still held by the stream's ring.
        pendingData[pendingCount] = data;
        pendingCount++;
        pendingBytes += data.remaining();
    }

    /** Appends one SimpleBlock to the cluster being built in the buffer. */
    private void appendBlock(MatroskaTrack track, long timestamp, boolean keyframe, ByteBuffer data) {
        int frameBound = MatroskaTrack.BLOCK_HEADER_SIZE + track.maxFrameSize(data.remaining());
        int sizeWidth = EbmlBuffer.sizeWidth(frameBound);
        buffer.reserve(1 + sizeWidth + frameBound);
        int block = buffer.start(MatroskaIds.SIMPLE_BLOCK, sizeWidth);
        buffer.put(0x80 | track.number);
        buffer.putShort((int) (timestamp - clusterTimestamp));
        buffer.put(keyframe ? 0x80 : 0);
        track.writeFrame(data, buffer);
        buffer.end(block, sizeWidth);
    }

    /** A keyframe's cluster, for seeking; a keyframe sent in several packets of one time is one cue. */
    private void addCue(long timestamp, int track) {
        int last = (cueCount - 1) * CUE_FIELDS;
        if (cueCount > 0 && cues[last] == timestamp && cues[last + 2] == track) {
            return;
        }
        if ((cueCount + 1) * CUE_FIELDS > cues.length) {
            cues = Arrays.copyOf(cues, cues.length * 2);
        }
        int at = cueCount++ * CUE_FIELDS;
        cues[at] = timestamp;
        // The cluster in progress begins where the file ends now.
        cues[at + 1] = written - segmentDataAt;
        cues[at + 2] = track;
    }

    @Override
    public long flush() throws IOException {
        requireOpen();
        writeCluster();
        return written;
    }

    @Override
    public long finish() throws IOException {
        requireOpen();
        try {
            writeCluster();
            buffer = SpareBuffers.take();
            int targets = SEEK_CUES;
            if (cueCount > 0) {
                seekPositions[SEEK_CUES] = written - segmentDataAt;
                targets++;
                writeCues();
                writeBuffer();
            }
            // Filled in place; the Segment's size last, since a reader takes a file without it as cut short.
            patch(segmentDataAt, seekHead(buffer, seekPositions, targets));
            buffer.float64(MatroskaIds.DURATION, durationTicks);
            patch(durationAt, buffer);
            buffer.size(written - segmentDataAt, EbmlBuffer.PATCHED_SIZE_WIDTH);
            patch(segmentSizeAt, buffer);
            channel.close();
            return written;
        } finally {
            closeQuietly();
        }
    }

    private void writeCues() {
        int cuesMark = buffer.startMaster(CUES);
        for (int i = 0; i < cueCount; i++) {
            int at = i * CUE_FIELDS;
            int point = buffer.startMaster(MatroskaIds.CUE_POINT);
            buffer.unsigned(MatroskaIds.CUE_TIME, cues[at]);
            int positions = buffer.startMaster(MatroskaIds.CUE_TRACK_POSITIONS);
            buffer.unsigned(MatroskaIds.CUE_TRACK, cues[at + 2]);
            buffer.unsigned(MatroskaIds.CUE_CLUSTER_POSITION, cues[at + 1]);
            buffer.endMaster(positions);
            buffer.endMaster(point);
        }
        buffer.endMaster(cuesMark);
    }

    /** A SeekHead of the first {@code count} targets, padded to the space kept for all of them. */
    private static EbmlBuffer seekHead(EbmlBuffer out, long[] positions, int count) {
        int start = out.length();
        int head = out.startMaster(MatroskaIds.SEEK_HEAD);
        for (int i = 0; i < count; i++) {
            int seek = out.startMaster(MatroskaIds.SEEK);
            // The binary ID of the target: its bytes, which is what its value as an integer writes.
            out.unsigned(MatroskaIds.SEEK_ID, SEEK_TARGETS[i]);
            // Eight bytes whatever the value, so the SeekHead's length is known before the positions are.
            out.unsigned(MatroskaIds.SEEK_POSITION, positions[i], 8);
            out.endMaster(seek);
        }
        out.endMaster(head);
        int used = out.length() - start;
        if (count < SEEK_TARGETS.length) {
            out.padding(SEEK_HEAD_BYTES - used);
        }
        return out;
    }

    /** Builds the cluster in progress in a borrowed buffer and writes it. */
    private void writeCluster() throws IOException {
        if (pendingCount == 0) {
            return;
        }
        buffer = SpareBuffers.take();
        try {
            int cluster = buffer.startMaster(CLUSTER);
            buffer.unsigned(MatroskaIds.TIMESTAMP, clusterTimestamp);
            for (int i = 0; i < pendingCount; i++) {
                appendBlock(pendingTracks[i], pendingTimes[i], pendingKeyframes[i], pendingData[i]);
            }
            buffer.endMaster(cluster);
            writeBuffer();
        } finally {
            Arrays.fill(pendingData, 0, pendingCount, null);
            Arrays.fill(pendingTracks, 0, pendingCount, null);
            pendingCount = 0;
            pendingBytes = 0;
            returnBuffer();
        }
    }

    private void returnBuffer() {
        if (buffer != null) {
            SpareBuffers.give(buffer);
            buffer = null;
        }
    }

    /** Appends the buffer to the file and empties it. */
    private void writeBuffer() throws IOException {
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), 0, buffer.length());
        while (out.hasRemaining()) {
            written += channel.write(out);
        }
        buffer.clear();
    }

    /** Writes the buffer over earlier bytes of the file and empties it. */
    private void patch(long position, EbmlBuffer bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes.array(), 0, bytes.length());
        while (out.hasRemaining()) {
            channel.write(out, position + out.position());
        }
        bytes.clear();
    }

    private void requireOpen() throws IOException {
        if (channel == null) {
            throw new IOException(file + " is closed");
        }
    }

    @Override
    public void closeQuietly() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing after a failure: what reached the file is there, and recovery reads it as it is.
        }
        channel = null;
        returnBuffer();
        Arrays.fill(pendingData, 0, pendingCount, null);
        pendingCount = 0;
        pendingBytes = 0;
    }

    /** Only complete clusters ever reach the file, so a killed process leaves what a failure leaves. */
    @Override
    public void abandon() {
        closeQuietly();
    }
}
