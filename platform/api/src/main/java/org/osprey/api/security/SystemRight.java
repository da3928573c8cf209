package org.osprey.api.security;

/** Rights that are not tied to one camera (USR-08..10). */
public enum SystemRight {
    /** Take snapshots. */
    SNAPSHOT,
    /** Access alarms, tasks and logs. */
    ALARMS_AND_LOGS,
    /** Search external data. */
    DATA_SEARCH,
    /** See system health. */
    HEALTH_MONITORING
}
