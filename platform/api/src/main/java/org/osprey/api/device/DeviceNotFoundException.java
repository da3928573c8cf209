package org.osprey.api.device;

/** Thrown when a device id is not known to the server. */
public class DeviceNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param id the unknown id */
    public DeviceNotFoundException(String id) {
        super("No device with id " + id);
    }
}
