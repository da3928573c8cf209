package org.osprey.api.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.osprey.api.config.InvalidConfigurationException;

/**
 * The named weekly schedules of this server (SCH-01, SCH-06). Slots are local times in {@link #zone()}, so
 * a schedule from 08:00 to 17:00 keeps those hours across daylight-saving changes. A change publishes
 * {@link org.osprey.api.event.EventTopics#SCHEDULE_CHANGED}, after which users ask again whether it is active.
 */
@ProviderType
public interface ScheduleService {

    /** The time zone the slots are in: the server's. */
    ZoneId zone();

    /** Every schedule, ordered by name. */
    List<Schedule> schedules();

    /** The schedule with this id. */
    Optional<Schedule> schedule(String id);

    /**
     * Adds a schedule.
     *
     * @throws InvalidConfigurationException when a field is wrong (name missing or taken, a time not on a
     *                                       5-minute step, a slot that ends before it starts), with one message
     *                                       per field; nothing is stored then
     */
    Schedule add(ScheduleRequest request);

    /**
     * Replaces a schedule's name, slots and exceptions; its id stays.
     *
     * @throws NoSuchElementException        when there is no such schedule
     * @throws InvalidConfigurationException as for {@link #add}
     */
    Schedule update(String id, ScheduleRequest request);

    /**
     * Removes a schedule that nothing uses.
     *
     * @throws NoSuchElementException when there is no such schedule
     * @throws IllegalStateException  when a {@link ScheduleUser} uses it; the message names the users
     */
    void remove(String id);

    /** Where a schedule is used, as every {@link ScheduleUser} reports it now. */
    List<ScheduleUsage> usages(String id);

    /**
     * Whether a schedule is on at an instant.
     *
     * @throws NoSuchElementException when there is no such schedule
     */
    boolean isActive(String id, Instant at);

    /**
     * The first instant after {@code after} at which the schedule turns on or off.
     *
     * @return empty when it never changes again (a schedule that is always on or always off from then on)
     * @throws NoSuchElementException when there is no such schedule
     */
    Optional<Instant> nextChange(String id, Instant after);
}
