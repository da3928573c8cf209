package org.osprey.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.api.schedule.Schedule;
import org.osprey.api.schedule.ScheduleException;
import org.osprey.api.schedule.TimeSlot;
import org.osprey.api.schedule.WeeklySlot;

class WeekPlanTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(STOCKHOLM).toInstant();
    }

    private static WeekPlan plan(List<WeeklySlot> week, List<ScheduleException> exceptions) {
        return new WeekPlan(new Schedule("s", "s", week, exceptions), STOCKHOLM);
    }

    /** 2026-11-23 is a Monday. */
    @Test
    void officeHoursAreOnWithinTheirSlotOnly() {
        WeekPlan plan = plan(List.of(new WeeklySlot(DayOfWeek.MONDAY, "08:00", "17:05")), List.of());

        assertThat(plan.isActive(at("2026-11-23T07:59:59"))).isFalse();
        assertThat(plan.isActive(at("2026-11-23T08:00:00"))).isTrue();
        assertThat(plan.isActive(at("2026-11-23T17:04:59"))).isTrue();
        assertThat(plan.isActive(at("2026-11-23T17:05:00"))).isFalse();
        assertThat(plan.isActive(at("2026-11-24T10:00:00"))).as("Tuesday").isFalse();
        assertThat(plan.isActive(at("2026-11-30T10:00:00"))).as("next Monday").isTrue();
    }

    @Test
    void nextChangeFindsTheSlotEdgesAcrossTheWeek() {
        WeekPlan plan = plan(List.of(new WeeklySlot(DayOfWeek.MONDAY, "08:00", "17:00")), List.of());

        assertThat(plan.nextChange(at("2026-11-23T07:00:00"))).contains(at("2026-11-23T08:00:00"));
        assertThat(plan.nextChange(at("2026-11-23T08:00:00"))).contains(at("2026-11-23T17:00:00"));
        assertThat(plan.nextChange(at("2026-11-23T17:00:00"))).contains(at("2026-11-30T08:00:00"));
    }

    @Test
    void slotsThatMeetAtMidnightAreOneStretch() {
        WeekPlan plan = plan(List.of(new WeeklySlot(DayOfWeek.FRIDAY, "22:00", "24:00"),
                new WeeklySlot(DayOfWeek.SATURDAY, "00:00", "06:00")), List.of());

        assertThat(plan.isActive(at("2026-11-27T23:59:59"))).isTrue();
        assertThat(plan.isActive(at("2026-11-28T00:00:00"))).isTrue();
        assertThat(plan.nextChange(at("2026-11-27T22:00:00"))).contains(at("2026-11-28T06:00:00"));
    }

    @Test
    void anExceptionReplacesTheWeekOnItsDays() {
        WeekPlan plan = plan(List.of(new WeeklySlot(DayOfWeek.THURSDAY, "08:00", "17:00"),
                new WeeklySlot(DayOfWeek.FRIDAY, "08:00", "17:00")),
                List.of(new ScheduleException(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25"),
                        List.of(new TimeSlot("10:00", "12:00")))));

        assertThat(plan.isActive(at("2026-12-24T09:00:00"))).as("Thursday, holiday").isFalse();
        assertThat(plan.isActive(at("2026-12-24T11:00:00"))).isTrue();
        assertThat(plan.isActive(at("2026-12-25T13:00:00"))).as("Friday, holiday").isFalse();
        assertThat(plan.isActive(at("2026-12-31T09:00:00"))).as("next Thursday").isTrue();
        assertThat(plan.nextChange(at("2026-12-24T00:00:00"))).contains(at("2026-12-24T10:00:00"));
    }

    @Test
    void anExceptionWithoutSlotsEndsAStretchAtMidnight() {
        WeekPlan plan = plan(List.of(new WeeklySlot(DayOfWeek.MONDAY, "00:00", "24:00"),
                new WeeklySlot(DayOfWeek.TUESDAY, "00:00", "24:00")),
                List.of(new ScheduleException(LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-24"), List.of())));

        assertThat(plan.nextChange(at("2026-11-23T12:00:00"))).contains(at("2026-11-24T00:00:00"));
        assertThat(plan.nextChange(at("2026-11-24T00:00:00"))).as("on again next Monday")
                .contains(at("2026-11-30T00:00:00"));
    }

    @Test
    void overlappingExceptionsAddUp() {
        WeekPlan plan = plan(List.of(), List.of(
                new ScheduleException(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-03"),
                        List.of(new TimeSlot("08:00", "09:00"))),
                new ScheduleException(LocalDate.parse("2026-12-02"), LocalDate.parse("2026-12-02"),
                        List.of(new TimeSlot("09:00", "10:00")))));

        assertThat(plan.isActive(at("2026-12-02T09:30:00"))).isTrue();
        assertThat(plan.nextChange(at("2026-12-02T08:30:00"))).contains(at("2026-12-02T10:00:00"));
        assertThat(plan.isActive(at("2026-12-03T09:30:00"))).isFalse();
    }

    @Test
    void slotsKeepLocalHoursAcrossDaylightSavingChanges() {
        WeekPlan plan = plan(List.of(new WeeklySlot(DayOfWeek.SUNDAY, "08:00", "09:00"),
                new WeeklySlot(DayOfWeek.MONDAY, "08:00", "09:00")), List.of());

        // Summer time ended on Sunday 2026-10-25 in Stockholm.
        assertThat(plan.nextChange(at("2026-10-25T00:00:00"))).contains(Instant.parse("2026-10-25T07:00:00Z"));
        assertThat(plan.nextChange(at("2026-10-18T00:00:00"))).contains(Instant.parse("2026-10-18T06:00:00Z"));
    }

    @Test
    void aScheduleThatNeverChangesHasNoNextChange() {
        assertThat(plan(List.of(), List.of()).nextChange(at("2026-11-23T00:00:00"))).isEmpty();
        List<WeeklySlot> always = java.util.Arrays.stream(DayOfWeek.values())
                .map(d -> new WeeklySlot(d, "00:00", "24:00")).toList();
        WeekPlan plan = plan(always, List.of());
        assertThat(plan.isActive(at("2026-11-23T03:00:00"))).isTrue();
        assertThat(plan.nextChange(at("2026-11-23T03:00:00"))).isEmpty();
    }
}
