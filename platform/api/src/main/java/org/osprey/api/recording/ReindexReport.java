package org.osprey.api.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of rebuilding the recording index from the segment files.
 *
 * @param started   when the rebuild began
 * @param took      how long it ran
 * @param files     segment files read
 * @param segments  segments in the index for those files afterwards
 * @param keyframes keyframes found in them
 * @param removed   index entries dropped because their file no longer exists
 * @param problems  files that could not be indexed, each as {@code path: reason}
 */
public record ReindexReport(Instant started, Duration took, int files, int segments, long keyframes, int removed,
        List<String> problems) {

    /** Checks the parts and copies the list. */
    public ReindexReport {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(took, "took");
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
