package org.osprey.recording.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.osprey.api.event.EventPublisher;
import org.osprey.api.event.OspreyEvent;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.storage.DatabaseService;
import org.osprey.sdk.test.TestSchedulers;
import org.osprey.storage.h2.internal.H2DatabaseService;
import org.osprey.storage.h2.internal.TestDatabases;

/** A real H2 file database, the platform's schedulers and a storage folder, all in one test folder. */
final class Fixture implements AutoCloseable {

    final Path dir;
    final Path root;
    final List<OspreyEvent> events = new CopyOnWriteArrayList<>();
    final EventPublisher publisher = (topic, properties) -> events.add(new OspreyEvent(topic, Instant.now(),
            properties));
    final TestSchedulers schedulers = new TestSchedulers();
    H2DatabaseService database;
    Clock clock = Clock.systemUTC();
    int retentionDays;
    Map<String, Integer> cameraRetention = Map.of();
    int queuePackets = 20_000;
    /** Allocation of the first storage, 0 for none. */
    long allocation;
    /** Free space recordings never use. */
    long reserve;
    /** Storages after the first, which is {@link #root}. */
    List<RecordingSettings.StorageSettings> moreStorages = List.of();
    Map<String, String> cameraStorage = Map.of();
    boolean continuous = true;
    Map<String, Boolean> cameraContinuous = Map.of();
    String schedule = "";
    Map<String, String> cameraSchedule = Map.of();
    int prebufferSeconds = 10;

    Fixture(Path dir) throws Exception {
        this.dir = dir;
        this.root = dir.resolve("storage");
        database = openDatabase();
    }

    H2DatabaseService openDatabase() throws Exception {
        return TestDatabases.inFolder(dir);
    }

    RecordingSettings settings() {
        List<RecordingSettings.StorageSettings> storages = new ArrayList<>();
        storages.add(new RecordingSettings.StorageSettings("main", root, allocation));
        storages.addAll(moreStorages);
        return new RecordingSettings(storages, cameraStorage, Duration.ofSeconds(2), Duration.ofMillis(200),
                Duration.ofSeconds(10), Duration.ofHours(1), retentionDays, cameraRetention, 0, reserve, 64L * 1024 * 1024,
                queuePackets, continuous, cameraContinuous, schedule, cameraSchedule,
                Duration.ofSeconds(prebufferSeconds), 16L * 1024 * 1024,
                Duration.ofSeconds(3), Duration.ofSeconds(5), "0.1.0");
    }

    RecordingEngine engine() throws Exception {
        return new RecordingEngine(database, publisher, schedulers, settings(), clock);
    }

    DatabaseService db() {
        return database;
    }

    /** Closes the database and opens it again, as a restart does. */
    void restartDatabase() throws Exception {
        database.close();
        database = openDatabase();
    }

    /** Closes the database and deletes its files, as when it is lost. */
    void loseDatabase() throws Exception {
        database.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("db.")).toList()) {
                Files.delete(file);
            }
        }
        database = openDatabase();
    }

    static void feed(CameraRecorder recorder, List<MediaPacket> packets) {
        packets.forEach(recorder::packet);
    }

    List<Path> segmentFiles() throws Exception {
        return segmentFiles(root);
    }

    static List<Path> segmentFiles(Path root) throws Exception {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".mkv")).sorted().toList();
        }
    }

    List<OspreyEvent> events(String topic) {
        return events.stream().filter(e -> e.topic().equals(topic)).toList();
    }

    @Override
    public void close() throws Exception {
        database.close();
        schedulers.close();
    }
}
