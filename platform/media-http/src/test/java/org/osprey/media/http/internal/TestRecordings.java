package org.osprey.media.http.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.recording.SeekPoint;
import org.osprey.api.recording.StorageInfo;
import org.osprey.api.recording.StorageStatus;

/**
 * Recorded segments of one camera in a storage folder, as Matroska files tagged like the recording engine
 * tags them, with an index that answers as the engine's does. The index can be changed under a running
 * reader, as the engine changes it while it writes. {@link #service()} is the recording service the
 * endpoints see; what it is not asked here, it does not answer.
 */
final class TestRecordings {

    static final String STORAGE = "store";
    final Path root;
    final List<RecordingSegment> index = new CopyOnWriteArrayList<>();
    private final RecordingService service = mock(RecordingService.class);
    private long ids;

    TestRecordings(Path root) {
        this.root = root;
        when(service.segments(anyString(), any(), any())).thenAnswer(
                i -> segments(i.getArgument(0), i.getArgument(1), i.getArgument(2)));
        when(service.seek(anyString(), any())).thenAnswer(i -> seek(i.getArgument(0), i.getArgument(1)));
        when(service.storages()).thenAnswer(i -> storages());
    }

    RecordingService service() {
        return service;
    }
    /**
     * Records a segment of {@code frames} frames from {@code start}, keyframes every second.
     *
     * @param open whether the index still lists it as being written, safely on disk up to {@code safeEnd}
     */
    RecordingSegment add(String camera, long startMicros, int frames, boolean open, long safeEndMicros)
            throws Exception {
        Path encoded = TestVideo.encode(frames, "matroska",
                Map.of(SegmentReader.START_TAG, Micros.toInstant(startMicros).toString()));
        String path = camera + "/" + startMicros + "-CONTINUOUS.mkv";
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.move(encoded, file, StandardCopyOption.REPLACE_EXISTING);
        List<Instant> keyframes = new ArrayList<>();
        for (int i = 0; i < frames; i += TestVideo.GOP) {
            keyframes.add(Micros.toInstant(startMicros + i * TestVideo.FRAME_MICROS));
        }
        long end = open ? safeEndMicros : startMicros + frames * TestVideo.FRAME_MICROS;
        RecordingSegment segment = new RecordingSegment(++ids, camera, STORAGE, path, Micros.toInstant(startMicros),
                Micros.toInstant(end), Files.size(file), RecordingType.CONTINUOUS, open, keyframes);
        index.add(segment);
        return segment;
    }

    /** The engine's view of a segment changes: it grew, or was closed. */
    void update(RecordingSegment segment, long endMicros, boolean open) {
        index.replaceAll(s -> s.id() != segment.id() ? s : new RecordingSegment(s.id(), s.cameraId(), s.storageId(),
                s.path(), s.start(), Micros.toInstant(endMicros), s.size(), s.type(), open, s.keyframes()));
    }

    List<RecordingSegment> segments(String cameraId, Instant from, Instant to) {
        return index.stream().filter(s -> s.cameraId().equals(cameraId) && s.start().isBefore(to)
                && s.end().isAfter(from)).sorted(Comparator.comparing(RecordingSegment::start)).toList();
    }

    Optional<SeekPoint> seek(String cameraId, Instant at) {
        for (RecordingSegment s : segments(cameraId, at, at.plusNanos(1000))) {
            Optional<Instant> before = s.keyframes().stream().filter(k -> !k.isAfter(at)).reduce((a, b) -> b);
            if (before.isPresent()) {
                return Optional.of(new SeekPoint(s, before.get()));
            }
        }
        return index.stream().filter(s -> s.cameraId().equals(cameraId))
                .flatMap(s -> s.keyframes().stream().filter(k -> k.isAfter(at)).map(k -> new SeekPoint(s, k)))
                .min(Comparator.comparing(SeekPoint::keyframe));
    }

    List<StorageInfo> storages() {
        return List.of(new StorageInfo(STORAGE, root.toString(), StorageStatus.OK, 0, 0, 0, ""));
    }
}
