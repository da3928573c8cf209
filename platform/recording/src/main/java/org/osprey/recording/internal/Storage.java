package org.osprey.recording.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.osprey.api.recording.StorageInfo;
import org.osprey.api.recording.StorageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording storage: a folder that carries an identity file, so the server recognises a wrong disk or
 * an empty mount point instead of recording onto it, and the index never points at files of another disk.
 * It knows how much its recordings use and when room must be made: when they reach the allocation, or the
 * free space the reserve.
 */
final class Storage {

    /** A status with the reason a user reads. */
    record State(StorageStatus status, String message) {
    }

    /** Deletes the oldest unlocked recordings of a storage until it has room again; see {@link Retention}. */
    interface RoomMaker {
        void makeRoom(Storage storage);
    }

    /**
     * Cleaning starts this share of the allocation (or of the reserve) before the limit and goes as far
     * again below it, so it runs in batches rather than for every segment, and the recordings written
     * between two checks still fit.
     */
    private static final long MARGIN_DIVISOR = 50;

    private final Logger logger = LoggerFactory.getLogger(Storage.class);
    private final String name;
    private final Path root;
    private final long allocationBytes;
    private final long lowSpaceBytes;
    private final long reserveBytes;
    private final Clock clock;
    private volatile String id;
    private volatile State state = new State(StorageStatus.UNAVAILABLE, "not checked yet");
    private volatile long totalBytes;
    private volatile long freeBytes;
    private volatile FileStore store;
    private final AtomicLong usedBytes = new AtomicLong();
    private volatile boolean counted;
    private volatile String lastCleanup = "";
    private volatile String overwritingCause;

    Storage(RecordingSettings.StorageSettings settings, long lowSpaceBytes, long reserveBytes, Clock clock) {
        this.name = settings.name();
        this.root = settings.root();
        this.allocationBytes = settings.allocationBytes();
        this.lowSpaceBytes = lowSpaceBytes;
        this.reserveBytes = reserveBytes;
        this.clock = clock;
    }

    String name() {
        return name;
    }

    Path root() {
        return root;
    }

    long allocationBytes() {
        return allocationBytes;
    }

    /** Bytes of indexed recordings on this storage, as far as the index has committed them. */
    long usedBytes() {
        return usedBytes.get();
    }

    /** The index committed more (or, negative, removed) recordings of this storage. */
    void used(long delta) {
        usedBytes.addAndGet(delta);
    }

    /** Takes the use from the index again, after recovery or a reindex changed it wholesale. */
    void recount(RecordingIndex index) throws SQLException {
        if (id != null) {
            usedBytes.set(index.usedBytes(id));
            counted = true;
        }
    }

    /** The identity, once known; {@code null} while the folder has not been recognised. */
    String id() {
        return id;
    }

    State state() {
        return state;
    }

    boolean isWritable() {
        return id != null && state.status().isWritable();
    }

    /** Whether files can be read and deleted: the right disk is there, full or not. */
    boolean isAvailable() {
        StorageStatus status = state.status();
        return id != null && status != StorageStatus.UNAVAILABLE && status != StorageStatus.NO_PERMISSIONS;
    }

    /**
     * Recognises the folder against the index and measures its space. On first use it creates the folder
     * and its identity; after that it only ever accepts the folder that carries the identity the index
     * knows for it. When the recordings come close to the allocation or the free space to the reserve,
     * room is made before the status is decided.
     *
     * @param roomMaker deletes the oldest unlocked recordings; {@code null} to only look
     * @return the state afterwards
     */
    synchronized State check(RecordingIndex index, RoomMaker roomMaker) {
        State next;
        try {
            next = recognise(index);
        } catch (AccessDeniedException e) {
            next = new State(StorageStatus.NO_PERMISSIONS, "The server may not use " + e.getFile());
        } catch (IOException | SQLException e) {
            next = new State(StorageStatus.UNAVAILABLE, "The storage cannot be read: " + e.getMessage());
        }
        if (!counted && id != null) {
            try {
                recount(index);
            } catch (SQLException e) {
                // Counted at the next check; the database being away must not stop recording.
                logger.warn("Use of storage {} not counted yet: {}", name, e.toString());
            }
        }
        if (next.status() != StorageStatus.UNAVAILABLE && next.status() != StorageStatus.NO_PERMISSIONS) {
            next = measure();
            if (next.status() != StorageStatus.UNAVAILABLE && next.status() != StorageStatus.NO_PERMISSIONS
                    && roomMaker != null && needsRoom()) {
                // Deciding the status only afterwards keeps recorders from seeing FULL while room is made.
                roomMaker.makeRoom(this);
                next = measure();
            }
            settleOverwriting();
        }
        if (!next.equals(state)) {
            logger.info("Storage {} ({}): {} {}", root, id == null ? "not recognised" : id, next.status(),
                    next.message());
        }
        state = next;
        return next;
    }

    private State recognise(RecordingIndex index) throws IOException, SQLException {
        String rootText = root.toString();
        Path identityFile = root.resolve(SegmentFiles.IDENTITY_FILE);
        Optional<Properties> identity = readIdentity(identityFile);
        if (identity.isPresent() && id != null && id.equals(identity.get().getProperty("id"))) {
            // The disk recognised before is still there; the database is not needed to know that, so an
            // unreachable database never stops recording.
            return new State(StorageStatus.OK, "");
        }
        Optional<RecordingIndex.StorageRow> known = index.storages().stream()
                .filter(s -> s.root().equals(rootText)).findFirst();
        if (identity.isPresent()) {
            String found = identity.get().getProperty("id", "");
            if (found.isBlank()) {
                return new State(StorageStatus.UNAVAILABLE, identityFile + " has no id");
            }
            if (known.isPresent() && !known.get().id().equals(found)) {
                return new State(StorageStatus.UNAVAILABLE, "A different storage is mounted at " + root
                        + " (identity " + found + ", expected " + known.get().id() + ")");
            }
            if (known.isEmpty()) {
                // A storage the index has lost (database rebuilt) or that moved to another mount point.
                long created = parseCreated(identity.get());
                index.saveStorage(new RecordingIndex.StorageRow(found, rootText, created));
                logger.info("Storage {} at {} adopted into the index", found, root);
            }
            id = found;
            return new State(StorageStatus.OK, "");
        }
        if (known.isPresent() && index.countSegments(known.get().id()) > 0) {
            return new State(StorageStatus.UNAVAILABLE, root + " has no storage identity although the index has"
                    + " recordings on it: the disk is probably not mounted. Nothing is written there.");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            return new State(StorageStatus.UNAVAILABLE, root + " is not a folder");
        }
        String newId = known.map(RecordingIndex.StorageRow::id).orElseGet(() -> UUID.randomUUID().toString());
        long created = Micros.of(clock.instant());
        Files.createDirectories(root);
        writeIdentity(identityFile, newId, created);
        index.saveStorage(new RecordingIndex.StorageRow(newId, rootText, created));
        logger.info("Storage {} created at {}", newId, root);
        id = newId;
        return new State(StorageStatus.OK, "");
    }

    /**
     * Measures the space and derives the status from it. {@code FULL} means that nothing may be written:
     * the reserve or the allocation is reached although room was made, because what is left is locked or
     * is not recordings.
     */
    private State measure() {
        try {
            if (!Files.isWritable(root) || !Files.isReadable(root)) {
                return new State(StorageStatus.NO_PERMISSIONS, "The server may not read and write " + root);
            }
            // Looking the store up reads the mount table; once per check is enough.
            store = Files.getFileStore(root);
            measureFree();
            if (freeBytes < reserveBytes) {
                return new State(StorageStatus.FULL, "Less than the reserved " + megabytes(reserveBytes)
                        + " MB free, and no unlocked recording is left to delete");
            }
            if (allocationBytes > 0 && usedBytes.get() >= allocationBytes) {
                return new State(StorageStatus.FULL, "The allocation of " + megabytes(allocationBytes)
                        + " MB is used up, and no unlocked recording is left to delete");
            }
            if (freeBytes < lowSpaceBytes) {
                return new State(StorageStatus.LOW_SPACE, "Less than " + megabytes(lowSpaceBytes) + " MB free");
            }
            return new State(StorageStatus.OK, "");
        } catch (IOException e) {
            return new State(StorageStatus.UNAVAILABLE, "The storage cannot be read: " + e.getMessage());
        }
    }

    /** Reads the free space again; cheap, so room making calls it after every batch it deletes. */
    void measureFree() throws IOException {
        FileStore current = store;
        if (current == null) {
            current = Files.getFileStore(root);
            store = current;
        }
        totalBytes = current.getTotalSpace();
        freeBytes = current.getUsableSpace();
    }

    private long allocationMargin() {
        return allocationBytes / MARGIN_DIVISOR;
    }

    private long reserveMargin() {
        return reserveBytes / 10;
    }

    /** Whether the recordings come close to the allocation, or the free space to the reserve. */
    boolean needsRoom() {
        return allocationBytes > 0 && usedBytes.get() > allocationBytes - allocationMargin()
                || reserveBytes > 0 && totalBytes > 0 && freeBytes < reserveBytes + reserveMargin();
    }

    /** Whether enough was deleted: a margin below the limits, so the next batch is some time away. */
    boolean hasRoom() {
        return (allocationBytes <= 0 || usedBytes.get() <= allocationBytes - 2 * allocationMargin())
                && (reserveBytes <= 0 || totalBytes <= 0 || freeBytes >= reserveBytes + 2 * reserveMargin());
    }

    /**
     * Whether the storage works at its limit, deleting its oldest recordings to make room (STO-02's storage
     * full in the sense that recording goes on): from the first time room was made until the recordings are
     * clearly below the limits again, at half the allocation and twice the reserve. A band this wide keeps
     * the state from flickering when single segments are large against the allocation.
     */
    boolean overwriting() {
        return overwritingCause != null;
    }

    /** Which limit makes the storage overwrite, {@code ALLOCATION_REACHED} or {@code RESERVE_REACHED}. */
    String overwritingCause() {
        return overwritingCause;
    }

    /** The limit that room is made for now. */
    String roomCause() {
        return allocationBytes > 0 && usedBytes.get() > allocationBytes - allocationMargin()
                ? "ALLOCATION_REACHED" : "RESERVE_REACHED";
    }

    /** Room was made, for the storage list. */
    void cleanedUp(String summary, String cause) {
        lastCleanup = summary;
        overwritingCause = cause;
    }

    private void settleOverwriting() {
        if (overwritingCause != null && (allocationBytes <= 0 || usedBytes.get() < allocationBytes / 2)
                && (reserveBytes <= 0 || totalBytes <= 0 || freeBytes >= 2 * reserveBytes)) {
            overwritingCause = null;
            lastCleanup = "";
        }
    }

    private static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static Optional<Properties> readIdentity(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Properties properties = new Properties();
            properties.load(in);
            return Optional.of(properties);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static long parseCreated(Properties identity) {
        try {
            return Micros.parseIso(identity.getProperty("created", ""));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Written beside and moved into place, then forced, so a crash never leaves a half identity. */
    private static void writeIdentity(Path file, String id, long createdMicros) throws IOException {
        Path temporary = file.resolveSibling(SegmentFiles.IDENTITY_FILE + ".new");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            out.write("# Osprey recording storage. Keep this file: it tells this storage from any other disk\n");
            out.write("# mounted here, so recordings are never written onto the wrong one.\n");
            out.write("id=" + id + "\n");
            out.write("created=" + Micros.iso(createdMicros) + "\n");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    /** Whether the folder holds any segment file, which with an empty index means the index must be rebuilt. */
    boolean containsSegments() {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(root, 5)) {
            return files.anyMatch(f -> SegmentFiles.isSegmentCandidate(root, f));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    StorageInfo info() {
        State current = state;
        String shownId = id == null ? "" : id;
        boolean atLimit = isAvailable() && overwriting();
        String message = current.message();
        if (atLimit && current.status() != StorageStatus.FULL && !lastCleanup.isEmpty()) {
            message = message.isEmpty() ? lastCleanup : message + "; " + lastCleanup;
        }
        return new StorageInfo(shownId, root.toString(), current.status(), totalBytes, freeBytes, usedBytes.get(),
                message, name, allocationBytes, atLimit);
    }
}
