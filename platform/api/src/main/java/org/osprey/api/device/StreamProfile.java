package org.osprey.api.device;

/** The stream profiles a camera offers (STR-01): quality steps a viewer or recorder picks from. */
public enum StreamProfile {
    /** Full resolution, used for recording by default. */
    HIGH,
    /** Reduced resolution for multi-camera views. */
    MEDIUM,
    /** Lowest resolution for small tiles, mobile and analytics. */
    LOW
}
