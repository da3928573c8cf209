package org.osprey.api.schedule;

import java.util.List;

/**
 * What a caller gives to add or change a schedule; the server checks it and assigns the id.
 *
 * @param name       unique name; required
 * @param week       the weekly slots; {@code null} for none
 * @param exceptions the exceptions; {@code null} for none
 */
public record ScheduleRequest(String name, List<WeeklySlot> week, List<ScheduleException> exceptions) {
}
