package org.osprey.api.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A device's status with the reason a user reads and the time it was entered.
 *
 * @param status  the status value
 * @param message detail for the user, may be empty; never contains credentials
 * @param since   when the device entered this status
 */
public record DeviceStatusInfo(DeviceStatus status, String message, Instant since) {

    /** Checks the status and fills defaults. */
    public DeviceStatusInfo {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        since = since == null ? Instant.now() : since;
    }
}
