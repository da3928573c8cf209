package org.osprey.core.internal.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.osprey.api.schedule.Schedule;
import org.osprey.api.schedule.ScheduleException;
import org.osprey.api.schedule.TimeSlot;
import org.osprey.api.schedule.WeeklySlot;

/**
 * A schedule compiled for answering "is it on?" quickly: per day, sorted disjoint minute ranges. Slots are local
 * times, so a slot whose start falls into a daylight-saving gap starts when the clocks have moved on.
 */
final class WeekPlan {

    static final int MINUTES_PER_DAY = 24 * 60;
    /** How far ahead a change is looked for: further than any exception anyone plans. */
    private static final int SEARCH_DAYS = 2 * 366 + 7;

    private record Exception(LocalDate firstDay, LocalDate lastDay, int[] ranges) {
    }

    /** Per day of the week (Monday first), start and end minutes in pairs. */
    private final int[][] week = new int[7][];
    private final List<Exception> exceptions = new ArrayList<>();
    private final ZoneId zone;

    WeekPlan(Schedule schedule, ZoneId zone) {
        this.zone = zone;
        for (DayOfWeek day : DayOfWeek.values()) {
            week[day.ordinal()] = ranges(schedule.week().stream().filter(s -> s.day() == day)
                    .map(s -> new TimeSlot(s.from(), s.to())).toList());
        }
        for (ScheduleException exception : schedule.exceptions()) {
            exceptions.add(new Exception(exception.firstDay(), exception.lastDay(), ranges(exception.slots())));
        }
    }

    boolean isActive(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        int[] ranges = rangesOn(local.toLocalDate());
        int second = local.toLocalTime().toSecondOfDay();
        for (int i = 0; i < ranges.length; i += 2) {
            if (second >= ranges[i] * 60 && second < ranges[i + 1] * 60) {
                return true;
            }
        }
        return false;
    }

    Optional<Instant> nextChange(Instant after) {
        boolean now = isActive(after);
        LocalDate day = after.atZone(zone).toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            int[] ranges = rangesOn(day);
            // Midnight too: an exception day can end a slot that runs over from the day before.
            int[] candidates = Arrays.copyOf(ranges, ranges.length + 1);
            candidates[ranges.length] = 0;
            Arrays.sort(candidates);
            for (int minute : candidates) {
                Instant candidate = instantOf(day, minute);
                if (candidate.isAfter(after) && isActive(candidate) != now) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private Instant instantOf(LocalDate day, int minute) {
        if (minute >= MINUTES_PER_DAY) {
            return day.plusDays(1).atStartOfDay(zone).toInstant();
        }
        return ZonedDateTime.of(day, LocalTime.of(minute / 60, minute % 60), zone).toInstant();
    }

    /** The exceptions' slots where any exception covers the day, else the week's. */
    private int[] rangesOn(LocalDate day) {
        List<int[]> covering = new ArrayList<>();
        for (Exception exception : exceptions) {
            if (!day.isBefore(exception.firstDay()) && !day.isAfter(exception.lastDay())) {
                covering.add(exception.ranges());
            }
        }
        if (covering.isEmpty()) {
            return week[day.getDayOfWeek().ordinal()];
        }
        if (covering.size() == 1) {
            return covering.get(0);
        }
        List<TimeSlot> all = new ArrayList<>();
        covering.forEach(ranges -> all.addAll(slots(ranges)));
        return ranges(all);
    }

    private static List<TimeSlot> slots(int[] ranges) {
        List<TimeSlot> slots = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            slots.add(new TimeSlot(ScheduleRules.format(ranges[i]), ScheduleRules.format(ranges[i + 1])));
        }
        return slots;
    }

    /** Sorted, merged minute ranges of slots already checked by {@link ScheduleRules}. */
    static int[] ranges(List<TimeSlot> slots) {
        List<int[]> list = new ArrayList<>();
        for (TimeSlot slot : slots) {
            list.add(new int[] { ScheduleRules.minutes(slot.from()), ScheduleRules.minutes(slot.to()) });
        }
        list.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] range : list) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1]) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(range.clone());
            }
        }
        int[] flat = new int[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            flat[2 * i] = merged.get(i)[0];
            flat[2 * i + 1] = merged.get(i)[1];
        }
        return flat;
    }

    /** The slots of a week in stored form: per day sorted and merged. */
    static List<WeeklySlot> normalizedWeek(List<WeeklySlot> week) {
        List<WeeklySlot> result = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            int[] ranges = ranges(week.stream().filter(s -> s.day() == day).map(s -> new TimeSlot(s.from(), s.to()))
                    .toList());
            for (int i = 0; i < ranges.length; i += 2) {
                result.add(new WeeklySlot(day, ScheduleRules.format(ranges[i]), ScheduleRules.format(ranges[i + 1])));
            }
        }
        return result;
    }

    /** The slots of one day in stored form. */
    static List<TimeSlot> normalizedDay(List<TimeSlot> slots) {
        int[] ranges = ranges(slots);
        return slots(ranges);
    }
}
