package org.osprey.recording.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's configuration, resolved from {@link RecordingEngine.Config}.
 *
 * @param root                 the storage folder
 * @param segmentLength        a segment is cut at the first keyframe at or after this length
 * @param syncInterval         how often one batch forces changed files to disk and commits the index
 * @param storageCheckInterval how often the storage identity and free space are checked
 * @param retentionInterval    how often retention runs
 * @param retentionDays        maximum age of recordings in days, 0 for unlimited
 * @param cameraRetentionDays  per-camera maximum age in days, overriding {@code retentionDays}
 * @param lowSpaceBytes        free space under which the storage reports {@code LOW_SPACE}
 * @param reserveBytes         free space under which the storage is {@code FULL} and nothing is written
 * @param queueBytes           bytes a camera may have waiting to be written
 * @param queuePackets         packets a camera may have waiting to be written
 * @param version              the Osprey version written into each file
 */
record RecordingSettings(Path root, Duration segmentLength, Duration syncInterval, Duration storageCheckInterval,
        Duration retentionInterval, int retentionDays, Map<String, Integer> cameraRetentionDays, long lowSpaceBytes,
        long reserveBytes, long queueBytes, int queuePackets, String version) {

    RecordingSettings {
        Objects.requireNonNull(root, "root");
        cameraRetentionDays = Map.copyOf(cameraRetentionDays);
    }

    /** From the Metatype configuration; an empty storage folder means the one under the server data folder. */
    static RecordingSettings from(RecordingEngine.Config config, String version) {
        Path root = config.storageRoot().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "osprey", "recordings")
                : Path.of(config.storageRoot());
        Map<String, Integer> perCamera = new LinkedHashMap<>();
        for (String entry : config.cameraRetentionDays()) {
            int split = entry.lastIndexOf('=');
            if (split <= 0) {
                throw new IllegalArgumentException("camera retention must be cameraId=days: " + entry);
            }
            perCamera.put(entry.substring(0, split).strip(), Integer.parseInt(entry.substring(split + 1).strip()));
        }
        long megabyte = 1024L * 1024L;
        return new RecordingSettings(root.toAbsolutePath().normalize(), Duration.ofSeconds(config.segmentSeconds()),
                Duration.ofMillis(config.syncIntervalMillis()), Duration.ofSeconds(10),
                Duration.ofMinutes(config.retentionIntervalMinutes()), config.retentionDays(), perCamera,
                config.lowSpaceMegabytes() * megabyte, config.reserveMegabytes() * megabyte,
                config.queueMegabytes() * megabyte, 20_000, version);
    }

    /** The maximum age for a camera in days, 0 for unlimited. */
    int retentionDays(String cameraId) {
        return cameraRetentionDays.getOrDefault(cameraId, retentionDays);
    }
}
