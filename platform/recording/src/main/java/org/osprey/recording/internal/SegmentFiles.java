package org.osprey.recording.internal;

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

    /** Camera ids become folder names, so only characters that are safe in every file system pass. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu/MM/dd").withZone(ZoneOffset.UTC);

    private SegmentFiles() {
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
