package org.osprey.recording.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;
import org.osprey.api.recording.RecordingType;

/**
 * Names and tags of segment files. A file says on its own which camera, time and recording type it holds,
 * so the index can always be rebuilt from the storage folder.
 */
final class SegmentFiles {

    static final String EXTENSION = ".mkv";
    /** The storage identity file in each storage root. */
    static final String IDENTITY_FILE = ".osprey-storage";
    /** The folder of lock files in each storage root; the dot keeps it apart from camera folders. */
    static final String LOCK_FOLDER = ".osprey-locks";
    /**
     * Where collected files go in each storage root (STO-09). The space cannot occur in a camera id, so the
     * folder never meets a camera's.
     */
    static final String NON_INDEXED_FOLDER = "Non-indexed files";

    // Matroska tag names; FFmpeg's muxer writes them upper case whatever they are given as.
    static final String TAG_CAMERA = "OSPREY_CAMERA";
    static final String TAG_DEVICE = "OSPREY_DEVICE";
    static final String TAG_START = "OSPREY_START";
    static final String TAG_TYPE = "OSPREY_TYPE";
    static final String TAG_STORAGE = "OSPREY_STORAGE";
    static final String TAG_VERSION = "OSPREY_VERSION";
    /** Present when video was missing right before this segment: where the gap began. */
    static final String TAG_GAP_START = "OSPREY_GAP_START";
    /** Present with {@link #TAG_GAP_START}: the {@link org.osprey.api.recording.GapCause}. */
    static final String TAG_GAP_CAUSE = "OSPREY_GAP_CAUSE";
    /**
     * Present when this file's type applies from before its start: the event recording it belongs to began,
     * with its prebuffer, in the continuous segment before it. The timeline shows that stretch with this type.
     */
    static final String TAG_TYPE_FROM = "OSPREY_TYPE_FROM";

    /**
     * How far before a segment's start its type may reach: a prebuffer and the time to the next keyframe.
     * Bounds the timeline's look-ahead for such segments and guards it against a damaged tag.
     */
    static final long MAX_TYPE_REACH_MICROS = 5 * 60 * 1_000_000L;

    /** Camera ids become folder names, so only characters that are safe in every file system pass. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu/MM/dd").withZone(ZoneOffset.UTC);

    private SegmentFiles() {
    }

    /**
     * Whether a file found under a storage root may be a segment: a Matroska file outside the folder of
     * collected files.
     */
    static boolean isSegmentCandidate(Path root, Path file) {
        if (!file.getFileName().toString().endsWith(EXTENSION) || !Files.isRegularFile(file)) {
            return false;
        }
        Path relative = root.relativize(file);
        return relative.getNameCount() < 2 || !relative.getName(0).toString().equals(NON_INDEXED_FOLDER);
    }

    static String requireSafeId(String id, String what) {
        if (id == null || !SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be 1-200 letters, digits, '.', '_' or '-', not starting"
                    + " with '.': " + id);
        }
        return id;
    }

    /** {@code <cameraId>/<yyyy>/<MM>/<dd>/<startEpochMicros>-<type>.mkv}, the day in UTC. */
    static String relativePath(String cameraId, long startMicros, RecordingType type) {
        return cameraId + "/" + DAY.format(Micros.toInstant(startMicros)) + "/" + startMicros + "-"
                + type.name().toLowerCase(Locale.ROOT) + EXTENSION;
    }
}
