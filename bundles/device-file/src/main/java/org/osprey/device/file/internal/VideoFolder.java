package org.osprey.device.file.internal;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The folder of prerecorded videos and the rule for names in it: a device names a file, never a path,
 * so no configuration can reach outside the folder or hand FFmpeg anything but a local Matroska file.
 */
final class VideoFolder {

    /** The folder's name under the server's data folder. */
    static final String NAME = "PrerecordedVideos";
    static final String EXTENSION = ".mkv";
    private static final int MAX_NAME_LENGTH = 255;

    private final Path path;

    private VideoFolder(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /**
     * The configured folder, or {@code osprey/PrerecordedVideos} under the server's data folder
     * ({@code karaf.data}) when none is configured.
     */
    static VideoFolder of(String configured) {
        if (configured == null || configured.isBlank()) {
            return new VideoFolder(Path.of(System.getProperty("karaf.data", "data"), "osprey", NAME));
        }
        return new VideoFolder(Path.of(configured.strip()));
    }

    /** A folder at a given place, for tests. */
    static VideoFolder at(Path path) {
        return new VideoFolder(path);
    }

    Path path() {
        return path;
    }

    /**
     * The file of a device.
     *
     * @throws IllegalArgumentException with a message for the user when the name is not a plain
     *                                  {@code .mkv} file name
     */
    Path resolve(String fileName) {
        String problem = problem(fileName);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Path file = path.resolve(fileName).normalize();
        if (!path.equals(file.getParent())) {
            throw new IllegalArgumentException("The file must lie directly in the " + NAME + " folder");
        }
        return file;
    }

    /** Whether a name would be accepted, for listing the folder. */
    static boolean isVideoName(String fileName) {
        return problem(fileName) == null;
    }

    private static String problem(String name) {
        if (name == null || name.isBlank()) {
            return "Choose a video file of the " + NAME + " folder";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "The file name is longer than " + MAX_NAME_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "Give a file name, not a path: the file must lie in the " + NAME + " folder";
            }
            // ':' would read as a protocol to FFmpeg; control characters have no place in a name.
            if (c == ':' || c < 0x20 || c == 0x7f) {
                return "The file name must not contain ':' or control characters";
            }
        }
        if (name.contains("..") || name.startsWith(".")) {
            return "The file name must not contain '..' or start with '.'";
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(EXTENSION) || name.length() == EXTENSION.length()) {
            return "Only Matroska files (" + EXTENSION + ") can be played";
        }
        return null;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
