package org.osprey.api.recording;

/** Why a span was recorded; clients colour the timeline by it (PLB-04) and filter on it (PLB-06). */
public enum RecordingType {
    /** Continuous or scheduled recording (REC-03). */
    CONTINUOUS,
    /** Started by motion detection (REC-02). */
    MOTION,
    /** Started and stopped by a user (REC-05). */
    MANUAL,
    /** Started by an action rule (REC-06). */
    RULE,
    /** Recorded by the device on its own storage and imported afterwards (REC-08). */
    EDGE
}
