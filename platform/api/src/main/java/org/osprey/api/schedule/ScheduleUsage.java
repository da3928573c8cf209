package org.osprey.api.schedule;

/**
 * Where a schedule is used, shown in the schedule list's <i>Used</i> column (SCH-05).
 *
 * @param scheduleId the schedule
 * @param usedBy     what uses it, for users, such as {@code Continuous recording of camera Entrance}
 */
public record ScheduleUsage(String scheduleId, String usedBy) {
}
