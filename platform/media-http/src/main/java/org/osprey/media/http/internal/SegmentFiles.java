package org.osprey.media.http.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.recording.StorageInfo;

/** Where a segment's file is: its storage's root and its relative path from the index. */
final class SegmentFiles {

    private SegmentFiles() {
    }

    /**
     * The file of a segment.
     *
     * @throws IOException when its storage is not known or the file is not there (retention may just
     *                     have removed it, or the storage is unmounted)
     */
    static Path locate(RecordingService recordings, RecordingSegment segment) throws IOException {
        StorageInfo storage = recordings.storages().stream().filter(s -> s.id().equals(segment.storageId()))
                .findFirst()
                .orElseThrow(() -> new IOException("storage " + segment.storageId() + " of segment " + segment.id()
                        + " is not available"));
        Path root = Path.of(storage.root()).toAbsolutePath().normalize();
        Path file = root.resolve(segment.path()).normalize();
        // The index is trusted, but a path that leaves the storage is never followed.
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IOException("segment " + segment.id() + " has a path outside its storage");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("the file of segment " + segment.id() + " is gone: " + segment.path());
        }
        return file;
    }
}
