package org.osprey.device.simulator.internal.shell;

import java.util.Locale;
import java.util.Optional;

/** The states a console user types for a switch. */
final class OnOff {

    private OnOff() {
    }

    /** on/off, true/false, active/inactive, up/down; empty for anything else. */
    static Optional<Boolean> parse(String text) {
        return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
            case "on", "true", "active", "up" -> Optional.of(true);
            case "off", "false", "inactive", "down" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
