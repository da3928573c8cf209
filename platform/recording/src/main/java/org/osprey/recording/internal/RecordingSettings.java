package org.osprey.recording.internal;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The engine's configuration, resolved from {@link RecordingEngine.Config}.
 *
 * @param storages             the recording storages; cameras without an assignment use the first
 * @param cameraStorage        camera id to the name of the storage it records to
 * @param segmentLength        a segment is cut at the first keyframe at or after this length
 * @param syncInterval         how often one batch forces changed files to disk and commits the index
 * @param storageCheckInterval how often the storage identities and free space are checked
 * @param retentionInterval    how often retention runs
 * @param retentionDays        maximum age of recordings in days, 0 for unlimited
 * @param cameraRetentionDays  per-camera maximum age in days, overriding {@code retentionDays}
 * @param lowSpaceBytes        free space under which a storage reports {@code LOW_SPACE}
 * @param reserveBytes         free space that is never used: below it the oldest recordings are deleted,
 *                             and when that is impossible the storage is {@code FULL}
 * @param queueBytes           bytes a camera may have waiting to be written
 * @param queuePackets         packets a camera may have waiting to be written
 * @param continuous           whether cameras are recorded continuously unless {@code cameraContinuous} says
 * @param cameraContinuous     per-camera override of {@code continuous}
 * @param schedule             id of the schedule limiting continuous recording, empty for all the time
 * @param cameraSchedule       per-camera override of {@code schedule}; an empty id for all the time
 * @param maxPrebuffer         the longest prebuffer an event recording may ask for; cameras not recorded
 *                             continuously keep this much of their stream in memory, and with zero they
 *                             are subscribed only while an event recording runs
 * @param prebufferBytes       memory a camera's prebuffer may hold at most
 * @param defaultPrebuffer     prebuffer of requests that name none
 * @param defaultPostbuffer    postbuffer of requests that name none
 * @param version              the Osprey version written into each file
 */
record RecordingSettings(List<StorageSettings> storages, Map<String, String> cameraStorage, Duration segmentLength,
        Duration syncInterval, Duration storageCheckInterval, Duration retentionInterval, int retentionDays,
        Map<String, Integer> cameraRetentionDays, long lowSpaceBytes, long reserveBytes, long queueBytes,
        int queuePackets, boolean continuous, Map<String, Boolean> cameraContinuous, String schedule,
        Map<String, String> cameraSchedule, Duration maxPrebuffer,
        long prebufferBytes, Duration defaultPrebuffer, Duration defaultPostbuffer, String version) {

    /** The longest postbuffer a request may ask for. */
    static final Duration MAX_POSTBUFFER = Duration.ofHours(1);

    /**
     * One storage.
     *
     * @param name            the configured name, which cameras are assigned by
     * @param root            its folder
     * @param allocationBytes how much its recordings may use, 0 for no limit but the reserve
     */
    record StorageSettings(String name, Path root, long allocationBytes) {

        StorageSettings {
            SegmentFiles.requireSafeId(name, "storage name");
            root = root.toAbsolutePath().normalize();
            if (allocationBytes < 0) {
                throw new IllegalArgumentException("the allocation of storage " + name + " is negative");
            }
        }
    }

    RecordingSettings {
        storages = List.copyOf(storages);
        cameraStorage = Map.copyOf(cameraStorage);
        cameraRetentionDays = Map.copyOf(cameraRetentionDays);
        cameraContinuous = Map.copyOf(cameraContinuous);
        schedule = schedule == null ? "" : schedule.strip();
        cameraSchedule = Map.copyOf(cameraSchedule);
        Objects.requireNonNull(maxPrebuffer, "maxPrebuffer");
        if (storages.isEmpty()) {
            throw new IllegalArgumentException("at least one recording storage is needed");
        }
        Set<String> names = new HashSet<>();
        Set<Path> roots = new HashSet<>();
        for (StorageSettings storage : storages) {
            if (!names.add(storage.name())) {
                throw new IllegalArgumentException("two storages are named " + storage.name());
            }
            for (Path other : roots) {
                if (storage.root().startsWith(other) || other.startsWith(storage.root())) {
                    throw new IllegalArgumentException("storage folders must not contain each other: " + other
                            + " and " + storage.root());
                }
            }
            roots.add(storage.root());
        }
        for (Map.Entry<String, String> assignment : cameraStorage.entrySet()) {
            if (!names.contains(assignment.getValue())) {
                throw new IllegalArgumentException("camera " + assignment.getKey() + " is assigned to storage "
                        + assignment.getValue() + ", which is not configured");
            }
        }
        if (defaultPrebuffer.compareTo(maxPrebuffer) > 0) {
            defaultPrebuffer = maxPrebuffer;
        }
    }

    /** From the Metatype configuration; no storage list means the one storage folder setting. */
    static RecordingSettings from(RecordingEngine.Config config, String version) {
        long megabyte = 1024L * 1024L;
        List<StorageSettings> storages = new ArrayList<>();
        for (String entry : split(config.storages())) {
            storages.add(parseStorage(entry));
        }
        if (storages.isEmpty()) {
            Path root = config.storageRoot().isBlank()
                    ? Path.of(System.getProperty("karaf.data", "data"), "osprey", "recordings")
                    : Path.of(config.storageRoot());
            storages.add(new StorageSettings("default", root, 0));
        }
        Map<String, Integer> perCamera = new LinkedHashMap<>();
        entries(config.cameraRetentionDays(), "camera retention", "cameraId=days")
                .forEach((camera, days) -> perCamera.put(camera, Integer.parseInt(days)));
        Map<String, Boolean> continuous = new LinkedHashMap<>();
        entries(config.cameraContinuous(), "continuous recording", "cameraId=true|false").forEach((camera, value) -> {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("continuous recording of " + camera + " must be true or false");
            }
            continuous.put(camera, Boolean.parseBoolean(value));
        });
        return new RecordingSettings(storages, entries(config.cameraStorage(), "camera storage", "cameraId=storage"),
                Duration.ofSeconds(config.segmentSeconds()), Duration.ofMillis(config.syncIntervalMillis()),
                Duration.ofSeconds(10), Duration.ofMinutes(config.retentionIntervalMinutes()), config.retentionDays(),
                perCamera, config.lowSpaceMegabytes() * megabyte, config.reserveMegabytes() * megabyte,
                config.queueMegabytes() * megabyte, 20_000, config.continuous(), continuous, config.schedule(),
                entries(config.cameraSchedule(), "camera schedule", "cameraId=scheduleId"),
                Duration.ofSeconds(config.prebufferSeconds()), config.prebufferMegabytes() * megabyte,
                Duration.ofSeconds(config.defaultPrebufferSeconds()),
                Duration.ofSeconds(config.defaultPostbufferSeconds()), version);
    }

    /** {@code name=folder} or {@code name=folder:allocationGB}, the allocation in GiB, fractions allowed. */
    static StorageSettings parseStorage(String entry) {
        int split = entry.indexOf('=');
        if (split <= 0 || split == entry.length() - 1) {
            throw new IllegalArgumentException("a storage must be name=folder[:allocationGB]: " + entry);
        }
        String name = entry.substring(0, split).strip();
        String folder = entry.substring(split + 1).strip();
        long allocation = 0;
        int colon = folder.lastIndexOf(':');
        if (colon > 0 && folder.substring(colon + 1).strip().matches("\\d+(\\.\\d+)?")) {
            allocation = new BigDecimal(folder.substring(colon + 1).strip())
                    .multiply(BigDecimal.valueOf(1024L * 1024L * 1024L)).longValue();
            folder = folder.substring(0, colon).strip();
        }
        return new StorageSettings(name, Path.of(folder), allocation);
    }

    /**
     * The entries of a list setting. A {@code .cfg} file cannot hold a list, so entries may also come
     * comma-separated in one value.
     */
    static List<String> split(String[] values) {
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return entries;
    }

    private static Map<String, String> entries(String[] values, String what, String form) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String entry : split(values)) {
            int split = entry.lastIndexOf('=');
            if (split <= 0) {
                throw new IllegalArgumentException(what + " must be " + form + ": " + entry);
            }
            result.put(entry.substring(0, split).strip(), entry.substring(split + 1).strip());
        }
        return result;
    }

    /** The maximum age for a camera in days, 0 for unlimited. */
    int retentionDays(String cameraId) {
        return cameraRetentionDays.getOrDefault(cameraId, retentionDays);
    }

    /** Whether a camera is recorded all the time, rather than only while event recordings run. */
    boolean continuous(String cameraId) {
        return cameraContinuous.getOrDefault(cameraId, continuous);
    }

    /** The schedule limiting a camera's continuous recording, if it is recorded continuously and has one. */
    java.util.Optional<String> scheduleOf(String cameraId) {
        if (!continuous(cameraId)) {
            return java.util.Optional.empty();
        }
        String id = cameraSchedule.getOrDefault(cameraId, schedule);
        return id.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(id);
    }

    /** The name of the storage a camera records to. */
    String storageOf(String cameraId) {
        return cameraStorage.getOrDefault(cameraId, storages.get(0).name());
    }
}
