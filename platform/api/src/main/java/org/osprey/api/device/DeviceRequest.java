package org.osprey.api.device;

import java.util.Map;

/**
 * What a caller asks for when adding or updating a device; the server validates it against the
 * driver's configuration description and assigns the id.
 *
 * @param name          name for users; required
 * @param type          device type id; required
 * @param enabled       whether to connect; {@code null} means {@code true} on add and unchanged on update
 * @param configuration driver configuration; {@code null} means empty on add and unchanged on update
 */
public record DeviceRequest(String name, String type, Boolean enabled, Map<String, Object> configuration) {
}
