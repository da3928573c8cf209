package org.osprey.recording.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.osprey.api.recording.NonIndexedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the video files of a storage that the index does not know (STO-09), and on request moves them into
 * the storage's {@code Non-indexed files} folder, keeping their paths below it. Nothing here deletes.
 */
final class NonIndexedFiles {

    private static final Logger LOGGER = LoggerFactory.getLogger(NonIndexedFiles.class);

    private NonIndexedFiles() {
    }

    /**
     * @param active paths being written, which the index may not have yet
     * @param move   whether to move what is found, or only list it
     */
    static List<NonIndexedFile> find(Storage storage, RecordingIndex index, Set<String> active, boolean move)
            throws SQLException {
        Path root = storage.root();
        List<NonIndexedFile> found = new ArrayList<>();
        List<Path> candidates;
        try (Stream<Path> walk = Files.walk(root)) {
            candidates = walk.filter(f -> SegmentFiles.isSegmentCandidate(root, f)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            LOGGER.error("Storage {} could not be searched for non-indexed files: {}", storage.name(), e.toString());
            return found;
        }
        // One query per folder: a day folder holds the files of one camera and day.
        Map<String, Set<String>> indexed = new HashMap<>();
        for (Path file : candidates) {
            String path = Reindexer.relative(root, file);
            int slash = path.lastIndexOf('/');
            String folder = slash < 0 ? "" : path.substring(0, slash + 1);
            Set<String> known = indexed.get(folder);
            if (known == null) {
                known = index.pathsIn(storage.id(), folder);
                indexed.put(folder, known);
            }
            if (known.contains(path) || active.contains(path)) {
                continue;
            }
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                continue;
            }
            if (!move) {
                found.add(new NonIndexedFile(storage.id(), path, size, null));
                continue;
            }
            String target = SegmentFiles.NON_INDEXED_FOLDER + "/" + path;
            try {
                target = moveAside(root, file, target);
                found.add(new NonIndexedFile(storage.id(), path, size, target));
                LOGGER.info("Non-indexed file {} moved to {}", path, target);
            } catch (IOException e) {
                LOGGER.error("Non-indexed file {} could not be moved: {}", path, e.toString());
            }
        }
        return found;
    }

    /** Moves without replacing: a name already taken gets a number. */
    private static String moveAside(Path root, Path file, String target) throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            String candidate = attempt == 0 ? target : target.replaceFirst("(\\.mkv)?$", "-" + attempt + "$1");
            Path destination = root.resolve(candidate);
            Files.createDirectories(destination.getParent());
            try {
                // Without options the move refuses an existing target; an atomic one would replace it.
                Files.move(file, destination);
                return candidate;
            } catch (FileAlreadyExistsException e) {
                // Try the next number.
            }
        }
        throw new FileAlreadyExistsException(target);
    }
}
