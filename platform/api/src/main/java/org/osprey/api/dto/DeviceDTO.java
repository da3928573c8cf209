package org.osprey.api.dto;

import java.util.Map;

/**
 * A configured device. Passwords are never included.
 *
 * @param id            device id
 * @param name          name
 * @param type          device type id
 * @param enabled       whether the server connects to it
 * @param configuration driver configuration without passwords
 * @param status        current status
 */
public record DeviceDTO(String id, String name, String type, boolean enabled, Map<String, Object> configuration,
        DeviceStatusDTO status) {
}
