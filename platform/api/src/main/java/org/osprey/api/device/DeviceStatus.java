package org.osprey.api.device;

/**
 * The status of a configured device: the values of the manual's device management grid (DMG-02), plus
 * the platform's own lifecycle states.
 */
public enum DeviceStatus {
    /** Platform state: the handler is starting and has not reported yet. */
    INITIALIZING("Initializing"),
    /** Platform state: the device is switched off by an administrator. */
    DISABLED("Disabled"),
    /** Platform state: no installed driver handles the device's type. */
    DRIVER_MISSING("Driver not installed"),
    /** The device works. */
    OK("OK"),
    /** Temporarily not accessible. */
    MAINTENANCE("Maintenance"),
    /** The device does not answer. */
    NOT_ACCESSIBLE("Not accessible"),
    /** The device answers on its address but not on its configured host name. */
    NOT_ACCESSIBLE_OVER_HOSTNAME("Not accessible over set hostname"),
    /** The server that owns the device cannot be reached. */
    SERVER_NOT_ACCESSIBLE("Server not accessible"),
    /** The device refused the stored credentials. */
    ENTER_PASSWORD("Enter password"),
    /** The device has no password yet. */
    SET_PASSWORD("Set password"),
    /** Refused: the device has used encrypted passwords before and would now get an unencrypted one. */
    PASSWORD_TYPE_UNENCRYPTED("Password type: unencrypted"),
    /** The device's certificate is invalid. */
    CERTIFICATE_ERROR("Certificate error"),
    /** The device's certificate expires soon. */
    CERTIFICATE_ABOUT_TO_EXPIRE("Certificate about to expire"),
    /** The device's certificate has expired. */
    CERTIFICATE_EXPIRED("Certificate has expired"),
    /** The device's HTTPS certificate is not trusted. */
    HTTPS_CERTIFICATE_NOT_TRUSTED("HTTPS certificate not trusted"),
    /** HTTP to the device failed. */
    HTTP_FAILED("HTTP failed"),
    /** HTTPS to the device failed. */
    HTTPS_FAILED("HTTPS failed"),
    /** HTTP and HTTPS failed although the device answers ping or UDP. */
    HTTP_AND_HTTPS_FAILED("HTTP and HTTPS failed (ping or UDP OK)");

    private final String label;

    DeviceStatus(String label) {
        this.label = label;
    }

    /** The wording a user sees. */
    public String label() {
        return label;
    }

    /** Whether the device can deliver media in this status. */
    public boolean isOperational() {
        return this == OK || this == CERTIFICATE_ABOUT_TO_EXPIRE;
    }
}
