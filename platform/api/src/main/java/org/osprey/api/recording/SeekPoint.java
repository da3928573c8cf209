package org.osprey.api.recording;

import java.time.Instant;
import java.util.Objects;

/**
 * Where playback of an instant starts: a keyframe and the segment that holds it.
 *
 * @param segment  the segment file
 * @param keyframe time of the keyframe to start decoding at
 */
public record SeekPoint(RecordingSegment segment, Instant keyframe) {

    /** Checks the parts. */
    public SeekPoint {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(keyframe, "keyframe");
    }
}
