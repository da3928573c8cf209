package org.osprey.api.schedule;

import java.time.LocalDate;
import java.util.List;

/**
 * Days on which a schedule follows other slots than its week (SCH-03), such as public holidays. On each day
 * from {@code firstDay} to {@code lastDay} the exception's slots replace the week's slots of that day; with no
 * slots the schedule is off all day. Where exceptions overlap, their slots add up.
 *
 * @param firstDay the first day, in the server's time zone
 * @param lastDay  the last day, not before {@code firstDay}
 * @param slots    the slots of each of those days
 */
public record ScheduleException(LocalDate firstDay, LocalDate lastDay, List<TimeSlot> slots) {
}
