package org.osprey.core.internal.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.schedule.ScheduleException;
import org.osprey.api.schedule.ScheduleRequest;
import org.osprey.api.schedule.TimeSlot;
import org.osprey.api.schedule.WeeklySlot;

/** Checks schedule requests, every error at once and per field, and brings accepted ones into stored form. */
final class ScheduleRules {

    static final int STEP_MINUTES = 5;
    static final int MAX_NAME = 100;
    static final int MAX_SLOTS = 7 * 24 * 60 / STEP_MINUTES;
    static final int MAX_EXCEPTIONS = 1000;
    private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2})");

    /** A request that passed the checks, in stored form. */
    record Checked(String name, List<WeeklySlot> week, List<ScheduleException> exceptions) {
    }

    private ScheduleRules() {
    }

    static Checked check(ScheduleRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (request == null) {
            throw new InvalidConfigurationException("The schedule is missing", Map.of("name", "is required"));
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            errors.put("name", "is required");
        } else if (name.length() > MAX_NAME) {
            errors.put("name", "must be at most " + MAX_NAME + " characters");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            errors.put("name", "must not contain control characters");
        }
        List<WeeklySlot> week = request.week() == null ? List.of() : request.week();
        if (week.size() > MAX_SLOTS) {
            errors.put("week", "has more than " + MAX_SLOTS + " slots");
        } else {
            for (int i = 0; i < week.size(); i++) {
                WeeklySlot slot = week.get(i);
                String field = "week[" + i + "]";
                if (slot == null) {
                    errors.put(field, "is empty");
                    continue;
                }
                if (slot.day() == null) {
                    errors.put(field + ".day", "is required: MONDAY to SUNDAY");
                }
                checkSlot(slot.from(), slot.to(), field, errors);
            }
        }
        List<ScheduleException> exceptions = request.exceptions() == null ? List.of() : request.exceptions();
        if (exceptions.size() > MAX_EXCEPTIONS) {
            errors.put("exceptions", "has more than " + MAX_EXCEPTIONS + " entries");
        } else {
            for (int i = 0; i < exceptions.size(); i++) {
                checkException(exceptions.get(i), "exceptions[" + i + "]", errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidConfigurationException("The schedule is not valid", errors);
        }
        List<ScheduleException> stored = new ArrayList<>();
        for (ScheduleException exception : exceptions) {
            List<TimeSlot> slots = exception.slots() == null ? List.of() : exception.slots();
            stored.add(new ScheduleException(exception.firstDay(), exception.lastDay(), WeekPlan.normalizedDay(slots)));
        }
        return new Checked(name, WeekPlan.normalizedWeek(week), stored);
    }

    private static void checkException(ScheduleException exception, String field, Map<String, String> errors) {
        if (exception == null) {
            errors.put(field, "is empty");
            return;
        }
        if (exception.firstDay() == null) {
            errors.put(field + ".firstDay", "is required, such as 2026-12-24");
        }
        if (exception.lastDay() == null) {
            errors.put(field + ".lastDay", "is required, such as 2026-12-26");
        }
        if (exception.firstDay() != null && exception.lastDay() != null
                && exception.lastDay().isBefore(exception.firstDay())) {
            errors.put(field + ".lastDay", "must not be before firstDay");
        }
        List<TimeSlot> slots = exception.slots() == null ? List.of() : exception.slots();
        if (slots.size() > MAX_SLOTS / 7) {
            errors.put(field + ".slots", "has more than " + MAX_SLOTS / 7 + " slots");
            return;
        }
        for (int j = 0; j < slots.size(); j++) {
            TimeSlot slot = slots.get(j);
            if (slot == null) {
                errors.put(field + ".slots[" + j + "]", "is empty");
            } else {
                checkSlot(slot.from(), slot.to(), field + ".slots[" + j + "]", errors);
            }
        }
    }

    private static void checkSlot(String from, String to, String field, Map<String, String> errors) {
        int start = parse(from, field + ".from", false, errors);
        int end = parse(to, field + ".to", true, errors);
        if (start >= 0 && end >= 0 && end <= start) {
            errors.put(field + ".to", "must be after from (" + from + "); split a slot over midnight in two");
        }
    }

    /** Minutes since midnight, or -1 after noting the error. */
    private static int parse(String text, String field, boolean endOfDayAllowed, Map<String, String> errors) {
        if (text == null) {
            errors.put(field, "is required, as HH:mm");
            return -1;
        }
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            errors.put(field, "must be a time as HH:mm, such as 08:30");
            return -1;
        }
        int hours = Integer.parseInt(m.group(1));
        int minutes = Integer.parseInt(m.group(2));
        int total = hours * 60 + minutes;
        if (minutes > 59 || total > WeekPlan.MINUTES_PER_DAY || total == WeekPlan.MINUTES_PER_DAY && !endOfDayAllowed) {
            errors.put(field, endOfDayAllowed ? "must be from 00:00 to 24:00" : "must be from 00:00 to 23:55");
            return -1;
        }
        if (minutes % STEP_MINUTES != 0) {
            errors.put(field, "must be on a " + STEP_MINUTES + "-minute step, such as 08:05");
            return -1;
        }
        return total;
    }

    /** Minutes since midnight of a time already checked. */
    static int minutes(String text) {
        return Integer.parseInt(text.substring(0, 2)) * 60 + Integer.parseInt(text.substring(3, 5));
    }

    static String format(int minutes) {
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}
