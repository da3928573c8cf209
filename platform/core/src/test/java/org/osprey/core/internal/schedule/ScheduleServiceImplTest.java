package org.osprey.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventPublisher;
import org.osprey.api.event.EventTopics;
import org.osprey.api.event.OspreyEvent;
import org.osprey.api.schedule.Schedule;
import org.osprey.api.schedule.ScheduleException;
import org.osprey.api.schedule.ScheduleRequest;
import org.osprey.api.schedule.ScheduleUsage;
import org.osprey.api.schedule.TimeSlot;
import org.osprey.api.schedule.WeeklySlot;
import org.osprey.api.storage.DatabaseService;
import org.osprey.storage.h2.internal.H2DatabaseService;
import org.osprey.storage.h2.internal.TestDatabases;

/** The service on a real H2 file database. */
class ScheduleServiceImplTest {

    @TempDir
    Path dir;

    private final List<OspreyEvent> events = new CopyOnWriteArrayList<>();
    private final EventPublisher publisher = (topic, properties) -> events.add(
            new OspreyEvent(topic, Instant.now(), properties));
    private DatabaseService database;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabases.inFolder(dir);
    }

    @AfterEach
    void tearDown() {
        ((H2DatabaseService) database).close();
    }

    private static ScheduleServiceImpl.Config zone(String zone) {
        return new ScheduleServiceImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ScheduleServiceImpl.Config.class;
            }

            @Override
            public String timeZone() {
                return zone;
            }
        };
    }

    private ScheduleServiceImpl service() throws Exception {
        return new ScheduleServiceImpl(database, publisher, zone("Europe/Stockholm"));
    }

    private static ScheduleRequest officeHours(String name) {
        return new ScheduleRequest(name, List.of(new WeeklySlot(DayOfWeek.MONDAY, "13:00", "17:00"),
                new WeeklySlot(DayOfWeek.MONDAY, "08:00", "13:00")),
                List.of(new ScheduleException(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-26"), null)));
    }

    @Test
    void aScheduleIsStoredMergedAndSurvivesARestart() throws Exception {
        Schedule added = service().add(officeHours("Office hours"));

        assertThat(added.week()).containsExactly(new WeeklySlot(DayOfWeek.MONDAY, "08:00", "17:00"));
        assertThat(added.exceptions()).containsExactly(
                new ScheduleException(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-26"), List.of()));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.topic()).isEqualTo(EventTopics.SCHEDULE_CHANGED);
            assertThat(e.text(EventProperties.SCHEDULE_ID)).isEqualTo(added.id());
        });

        ScheduleServiceImpl restarted = service();
        assertThat(restarted.schedule(added.id())).contains(added);
        assertThat(restarted.isActive(added.id(), Instant.parse("2026-11-23T10:00:00Z"))).isTrue();
        assertThat(restarted.isActive(added.id(), Instant.parse("2026-11-23T16:30:00Z"))).as("17:30 local").isFalse();
    }

    @Test
    void badRequestsAreRefusedWithEveryErrorAndNothingIsStored() throws Exception {
        ScheduleServiceImpl service = service();
        ScheduleRequest bad = new ScheduleRequest(" ", List.of(new WeeklySlot(null, "08:03", "07:00"),
                new WeeklySlot(DayOfWeek.FRIDAY, "17:00", "09:00"), new WeeklySlot(DayOfWeek.FRIDAY, "8", "24:05")),
                List.of(new ScheduleException(LocalDate.parse("2026-12-26"), LocalDate.parse("2026-12-24"),
                        List.of(new TimeSlot("24:00", "24:00")))));

        assertThatThrownBy(() -> service.add(bad)).isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> assertThat(e.fieldErrors()).containsOnlyKeys("name", "week[0].day", "week[0].from",
                        "week[1].to", "week[2].from", "week[2].to", "exceptions[0].lastDay",
                        "exceptions[0].slots[0].from"));
        assertThat(service.schedules()).isEmpty();
        assertThat(service().schedules()).isEmpty();
    }

    @Test
    void namesAreUniqueWhateverTheirCase() throws Exception {
        ScheduleServiceImpl service = service();
        Schedule first = service.add(officeHours("Office hours"));
        Schedule second = service.add(officeHours("Weekend"));

        assertThatThrownBy(() -> service.add(officeHours("office HOURS")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.fieldErrors()).containsKey("name"));
        assertThatThrownBy(() -> service.update(second.id(), officeHours("OFFICE hours")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(service.update(first.id(), officeHours("Office Hours")).name()).isEqualTo("Office Hours");
        assertThat(service.schedules()).extracting(Schedule::name).containsExactly("Office Hours", "Weekend");
    }

    @Test
    void aScheduleInUseCannotBeRemoved() throws Exception {
        ScheduleServiceImpl service = service();
        Schedule schedule = service.add(officeHours("Office hours"));
        List<ScheduleUsage> usages = new CopyOnWriteArrayList<>(
                List.of(new ScheduleUsage(schedule.id(), "Continuous recording of camera Entrance")));
        service.addUser(() -> usages);

        assertThatThrownBy(() -> service.remove(schedule.id())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Continuous recording of camera Entrance");
        assertThat(service.schedule(schedule.id())).isPresent();

        usages.clear();
        service.remove(schedule.id());
        assertThat(service.schedule(schedule.id())).isEmpty();
        assertThat(service().schedule(schedule.id())).isEmpty();
        assertThatThrownBy(() -> service.isActive(schedule.id(), Instant.now()))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void changingTheTimeZoneMovesEverySchedule() throws Exception {
        ScheduleServiceImpl service = service();
        Schedule schedule = service.add(officeHours("Office hours"));
        Instant sevenUtc = Instant.parse("2026-11-23T07:30:00Z");
        assertThat(service.isActive(schedule.id(), sevenUtc)).as("08:30 in Stockholm").isTrue();

        events.clear();
        service.modified(zone("UTC"));

        assertThat(service.isActive(schedule.id(), sevenUtc)).isFalse();
        assertThat(events).extracting(OspreyEvent::topic).contains(EventTopics.SCHEDULE_CHANGED);
    }
}
