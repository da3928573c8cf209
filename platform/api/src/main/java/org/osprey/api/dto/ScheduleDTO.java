package org.osprey.api.dto;

import java.util.List;
import org.osprey.api.schedule.ScheduleException;
import org.osprey.api.schedule.WeeklySlot;

/**
 * A schedule as the API shows it: its slots, where it is used (SCH-05) and whether it is on now.
 *
 * @param id         the schedule's id
 * @param name       its name
 * @param week       its weekly slots
 * @param exceptions its exceptions
 * @param usedBy     what uses it; a used schedule cannot be removed
 * @param active     whether it is on now
 * @param timeZone   the zone its times are in
 * @since 1.2
 */
public record ScheduleDTO(String id, String name, List<WeeklySlot> week, List<ScheduleException> exceptions,
        List<String> usedBy, boolean active, String timeZone) {
}
