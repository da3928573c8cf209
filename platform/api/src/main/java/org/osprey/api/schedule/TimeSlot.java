package org.osprey.api.schedule;

/**
 * A stretch of one day in the server's time zone, from {@code from} up to but not including {@code to}.
 * Times are {@code HH:mm} on 5-minute steps (SCH-04); {@code to} may be {@code 24:00}, the end of the day.
 *
 * @param from start, such as {@code 08:00}
 * @param to   end, after {@code from}, such as {@code 17:30} or {@code 24:00}
 */
public record TimeSlot(String from, String to) {
}
