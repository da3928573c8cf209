package org.osprey.api.schedule;

import java.time.DayOfWeek;

/**
 * A time slot that comes back every week on one day.
 *
 * @param day  the day of the week
 * @param from start, {@code HH:mm} on a 5-minute step
 * @param to   end, after {@code from}; {@code 24:00} for the end of the day
 */
public record WeeklySlot(DayOfWeek day, String from, String to) {
}
