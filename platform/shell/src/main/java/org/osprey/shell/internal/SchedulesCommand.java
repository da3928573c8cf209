package org.osprey.shell.internal;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osprey.api.schedule.Schedule;
import org.osprey.api.schedule.ScheduleService;
import org.osprey.api.schedule.ScheduleUsage;

/** Lists the named schedules (SCH-01) with their slots, whether they are on now and where they are used (SCH-05). */
@Service
@Command(scope = "osprey", name = "schedules", description = "Lists schedules: slots, on or off now, where used")
public class SchedulesCommand implements Action {

    // Optional: Karaf holds back every command of a bundle while one of them misses a mandatory service.
    @Reference(optional = true)
    private ScheduleService schedules;

    @Override
    public Object execute() {
        if (schedules == null) {
            System.out.println("The schedule service is not running");
            return null;
        }
        ShellTable table = new ShellTable();
        for (String column : List.of("Name", "Id", "Now", "Week", "Exceptions", "Used by")) {
            table.column(column);
        }
        Instant now = Instant.now();
        for (Schedule schedule : schedules.schedules()) {
            String week = schedule.week().stream()
                    .map(s -> s.day().name().substring(0, 3) + " " + s.from() + "-" + s.to())
                    .collect(Collectors.joining(", "));
            String exceptions = schedule.exceptions().stream()
                    .map(e -> e.firstDay() + (e.lastDay().equals(e.firstDay()) ? "" : ".." + e.lastDay())
                            + (e.slots().isEmpty() ? " off" : " " + e.slots().stream()
                                    .map(s -> s.from() + "-" + s.to()).collect(Collectors.joining(" "))))
                    .collect(Collectors.joining(", "));
            String used = schedules.usages(schedule.id()).stream().map(ScheduleUsage::usedBy)
                    .collect(Collectors.joining("; "));
            table.addRow().addContent(schedule.name(), schedule.id(), schedules.isActive(schedule.id(), now) ? "on" : "off",
                    week, exceptions, used);
        }
        table.print(System.out);
        System.out.println("Times are in " + schedules.zone().getId());
        return null;
    }
}
