package org.osprey.api.dto;

/**
 * A device's status.
 *
 * @param status  the {@link org.osprey.api.device.DeviceStatus} constant
 * @param label   the wording a user sees
 * @param message detail, may be empty
 * @param since   when it was entered, ISO-8601
 */
public record DeviceStatusDTO(String status, String label, String message, String since) {
}
