package org.osprey.shell.internal;

import java.time.Duration;

/** Text forms shared by the commands. */
final class Format {

    private Format() {
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 86400 ? String.format("%dd %02dh %02dm", s / 86400, s % 86400 / 3600, s % 3600 / 60)
                : String.format("%02dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60);
    }
}
