package org.osprey.api.schedule;

import java.util.List;

/**
 * A named weekly schedule (SCH-01), as stored: slots sorted by day and time, touching or overlapping slots
 * merged.
 *
 * @param id         assigned by the server, stable across renames
 * @param name       unique name for users
 * @param week       the slots that repeat every week
 * @param exceptions days that follow other slots
 */
public record Schedule(String id, String name, List<WeeklySlot> week, List<ScheduleException> exceptions) {

    /** Copies the lists. */
    public Schedule {
        week = List.copyOf(week);
        exceptions = List.copyOf(exceptions);
    }
}
