package org.osprey.recording.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable copy of the locks: one small file per lock in the folder {@code .osprey-locks} of every storage.
 * The index is what the engine reads; these files are what a rebuild of a lost or damaged index restores
 * the locks from, so bookmarked recordings are not deleted because the database went.
 */
final class LockFiles {

    private static final String SUFFIX = ".lock";
    private static final Pattern SAFE_LOCK_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private static final Logger LOGGER = LoggerFactory.getLogger(LockFiles.class);

    private LockFiles() {
    }

    /** Only ids the engine made become file names. */
    static boolean isValidId(String id) {
        return id != null && SAFE_LOCK_ID.matcher(id).matches();
    }

    /** Writes a lock beside, forces it and moves it into place, so a crash never leaves half a lock. */
    static void write(Path root, RecordingIndex.LockRow lock) throws IOException {
        Path folder = root.resolve(SegmentFiles.LOCK_FOLDER);
        boolean created = !Files.isDirectory(folder);
        Files.createDirectories(folder);
        Path file = folder.resolve(lock.id() + SUFFIX);
        Path temporary = folder.resolve(lock.id() + SUFFIX + ".new");
        Properties properties = new Properties();
        properties.setProperty("id", lock.id());
        properties.setProperty("camera", lock.cameraId());
        properties.setProperty("from", Micros.iso(lock.fromMicros()));
        properties.setProperty("to", Micros.iso(lock.toMicros()));
        properties.setProperty("created", Micros.iso(lock.createdMicros()));
        properties.setProperty("reason", lock.reason());
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(out, "Osprey recording lock: keeps the camera's recordings of this interval");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        force(folder);
        if (created) {
            force(root);
        }
    }

    static void delete(Path root, String id) throws IOException {
        Path folder = root.resolve(SegmentFiles.LOCK_FOLDER);
        if (Files.deleteIfExists(folder.resolve(id + SUFFIX))) {
            force(folder);
        }
    }

    /** The locks a storage carries; unreadable files are logged and skipped. */
    static List<RecordingIndex.LockRow> read(Path root) throws IOException {
        Path folder = root.resolve(SegmentFiles.LOCK_FOLDER);
        List<RecordingIndex.LockRow> locks = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return locks;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    Properties p = new Properties();
                    p.load(in);
                    String id = p.getProperty("id", "");
                    if (!isValidId(id) || !file.getFileName().toString().equals(id + SUFFIX)) {
                        throw new IOException("its id does not match its name");
                    }
                    String camera = SegmentFiles.requireSafeId(p.getProperty("camera"), "camera");
                    long from = Micros.parseIso(p.getProperty("from", ""));
                    long to = Micros.parseIso(p.getProperty("to", ""));
                    if (to <= from) {
                        throw new IOException("it ends before it starts");
                    }
                    locks.add(new RecordingIndex.LockRow(id, camera, from, to, p.getProperty("reason", ""),
                            Micros.parseIso(p.getProperty("created", ""))));
                } catch (NoSuchFileException e) {
                    // Unlocked meanwhile.
                } catch (IOException | RuntimeException e) {
                    LOGGER.error("Lock file {} is unreadable and ignored: {}", file, e.getMessage());
                }
            }
        }
        return locks;
    }

    /** Makes a storage carry exactly these locks. */
    static void sync(Path root, List<RecordingIndex.LockRow> locks) throws IOException {
        Set<String> wanted = new HashSet<>();
        for (RecordingIndex.LockRow lock : locks) {
            wanted.add(lock.id());
        }
        List<RecordingIndex.LockRow> present = read(root);
        for (RecordingIndex.LockRow lock : present) {
            if (!wanted.contains(lock.id())) {
                delete(root, lock.id());
            }
        }
        for (RecordingIndex.LockRow lock : locks) {
            if (!present.contains(lock)) {
                write(root, lock);
            }
        }
    }

    private static void force(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
