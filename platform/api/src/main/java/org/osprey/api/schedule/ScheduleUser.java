package org.osprey.api.schedule;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service of anything that refers to schedules, such as the recording engine or the rule engine.
 * The schedule service asks every user before a schedule is removed, so a schedule in use stays (SCH-05).
 */
@ConsumerType
public interface ScheduleUser {

    /** The schedules this component refers to now. */
    List<ScheduleUsage> scheduleUsages();
}
