package org.osprey.api.recording;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What is recorded of one camera within an interval: spans of video by type and gaps by cause, both cut
 * to the interval and ordered by start. Adjacent segments of the same type form one span.
 *
 * @param cameraId the camera
 * @param from     start of the queried interval
 * @param to       end of the queried interval
 * @param spans    recorded intervals
 * @param gaps     intervals without video, with their cause
 */
public record Timeline(String cameraId, Instant from, Instant to, List<RecordingSpan> spans, List<GapSpan> gaps) {

    /** Checks the parts and copies the lists. */
    public Timeline {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        spans = spans == null ? List.of() : List.copyOf(spans);
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }
}
