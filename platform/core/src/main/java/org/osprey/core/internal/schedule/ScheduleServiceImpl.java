package org.osprey.core.internal.schedule;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventPublisher;
import org.osprey.api.event.EventTopics;
import org.osprey.api.schedule.Schedule;
import org.osprey.api.schedule.ScheduleRequest;
import org.osprey.api.schedule.ScheduleService;
import org.osprey.api.schedule.ScheduleUsage;
import org.osprey.api.schedule.ScheduleUser;
import org.osprey.api.storage.DatabaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named weekly schedules, kept in the database and held compiled in memory: asking whether a schedule is on
 * costs no database access, so recorders and rules may ask at every turn.
 */
@Component(configurationPid = "org.osprey.schedules")
@Designate(ocd = ScheduleServiceImpl.Config.class)
public class ScheduleServiceImpl implements ScheduleService {

    @ObjectClassDefinition(name = "Osprey schedules")
    public @interface Config {
        @AttributeDefinition(name = "Time zone", description = "The zone schedule times are in, such as "
                + "Europe/Stockholm. Empty: the server's time zone.")
        String timeZone() default "";
    }

    private record Entry(Schedule schedule, WeekPlan plan) {
    }

    private final Logger logger = LoggerFactory.getLogger(ScheduleServiceImpl.class);
    private final ScheduleStore store;
    private final EventPublisher events;
    private final List<ScheduleUser> users = new CopyOnWriteArrayList<>();
    private final Map<String, Entry> schedules = new ConcurrentHashMap<>();
    private volatile ZoneId zone;

    @Activate
    public ScheduleServiceImpl(@Reference DatabaseService database, @Reference EventPublisher events, Config config)
            throws SQLException {
        this.store = new ScheduleStore(database);
        this.events = events;
        this.zone = zone(config);
        for (Schedule schedule : store.loadAll()) {
            schedules.put(schedule.id(), new Entry(schedule, new WeekPlan(schedule, zone)));
        }
    }

    @Modified
    void modified(Config config) {
        ZoneId next = zone(config);
        List<String> changed;
        synchronized (this) {
            if (next.equals(zone)) {
                return;
            }
            zone = next;
            schedules.replaceAll((id, entry) -> new Entry(entry.schedule(), new WeekPlan(entry.schedule(), next)));
            changed = List.copyOf(schedules.keySet());
        }
        logger.info("Schedules now follow the time zone {}", next);
        changed.forEach(this::announce);
    }

    private ZoneId zone(Config config) {
        if (config.timeZone().isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(config.timeZone().strip());
        } catch (DateTimeException e) {
            logger.error("Time zone '{}' is unknown; schedules follow the server's zone {}", config.timeZone(),
                    ZoneId.systemDefault());
            return ZoneId.systemDefault();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUser(ScheduleUser user) {
        users.add(user);
    }

    void removeUser(ScheduleUser user) {
        users.remove(user);
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public List<Schedule> schedules() {
        return schedules.values().stream().map(Entry::schedule)
                .sorted(Comparator.comparing(Schedule::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    @Override
    public Optional<Schedule> schedule(String id) {
        return Optional.ofNullable(schedules.get(id)).map(Entry::schedule);
    }

    @Override
    public Schedule add(ScheduleRequest request) {
        ScheduleRules.Checked checked = ScheduleRules.check(request);
        Schedule schedule;
        synchronized (this) {
            requireFreeName(checked.name(), null);
            schedule = new Schedule(UUID.randomUUID().toString(), checked.name(), checked.week(), checked.exceptions());
            try {
                store.insert(schedule);
            } catch (SQLException e) {
                throw new IllegalStateException("The schedule could not be stored: " + e.getMessage(), e);
            }
            schedules.put(schedule.id(), new Entry(schedule, new WeekPlan(schedule, zone)));
        }
        announce(schedule.id());
        return schedule;
    }

    @Override
    public Schedule update(String id, ScheduleRequest request) {
        ScheduleRules.Checked checked = ScheduleRules.check(request);
        Schedule schedule;
        synchronized (this) {
            existing(id);
            requireFreeName(checked.name(), id);
            schedule = new Schedule(id, checked.name(), checked.week(), checked.exceptions());
            try {
                store.update(schedule);
            } catch (SQLException e) {
                throw new IllegalStateException("The schedule could not be stored: " + e.getMessage(), e);
            }
            schedules.put(id, new Entry(schedule, new WeekPlan(schedule, zone)));
        }
        announce(id);
        return schedule;
    }

    @Override
    public void remove(String id) {
        Schedule schedule = existing(id).schedule();
        // Asked outside the lock: users answer under their own locks, and may ask this service meanwhile.
        List<ScheduleUsage> usages = usages(id);
        if (!usages.isEmpty()) {
            throw new IllegalStateException("Schedule " + schedule.name() + " is used and cannot be removed: "
                    + String.join("; ", usages.stream().map(ScheduleUsage::usedBy).toList()));
        }
        synchronized (this) {
            existing(id);
            try {
                store.delete(id);
            } catch (SQLException e) {
                throw new IllegalStateException("The schedule could not be removed: " + e.getMessage(), e);
            }
            schedules.remove(id);
        }
        announce(id);
    }

    @Override
    public List<ScheduleUsage> usages(String id) {
        List<ScheduleUsage> usages = new ArrayList<>();
        for (ScheduleUser user : users) {
            try {
                user.scheduleUsages().stream().filter(u -> u.scheduleId().equals(id)).forEach(usages::add);
            } catch (RuntimeException e) {
                // A user that cannot answer might use it: better refuse a removal than break that user.
                logger.error("A schedule user failed to list its schedules", e);
                usages.add(new ScheduleUsage(id, "unknown (" + user.getClass().getSimpleName() + " did not answer)"));
            }
        }
        return usages;
    }

    @Override
    public boolean isActive(String id, Instant at) {
        return existing(id).plan().isActive(at);
    }

    @Override
    public Optional<Instant> nextChange(String id, Instant after) {
        return existing(id).plan().nextChange(after);
    }

    private Entry existing(String id) {
        Entry entry = id == null ? null : schedules.get(id);
        if (entry == null) {
            throw new NoSuchElementException("No schedule with id " + id);
        }
        return entry;
    }

    private void requireFreeName(String name, String exceptId) {
        for (Entry entry : schedules.values()) {
            if (entry.schedule().name().equalsIgnoreCase(name) && !entry.schedule().id().equals(exceptId)) {
                throw new InvalidConfigurationException("The schedule is not valid",
                        Map.of("name", "is taken by another schedule"));
            }
        }
    }

    private void announce(String id) {
        events.publish(EventTopics.SCHEDULE_CHANGED, Map.of(EventProperties.SCHEDULE_ID, id));
    }
}
