package org.osprey.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osprey.api.recording.RecordingService;

/** Lists recording storages with status and space (STO-01). */
@Service
@Command(scope = "osprey", name = "storage", description = "Lists recording storages with status and space")
public class StorageCommand implements Action {

    // Optional: Karaf holds back every command of a bundle while one of them misses a mandatory service.
    @Reference(optional = true)
    private RecordingService recordings;

    @Override
    public Object execute() {
        if (recordings == null) {
            System.out.println("The recording engine is not running");
            return null;
        }
        ShellTable table = new ShellTable();
        for (String column : List.of("Name", "Id", "Folder", "Status", "Used MB", "Allocated MB", "Free MB", "Total MB")) {
            table.column(column);
        }
        recordings.storages().forEach(s -> table.addRow().addContent(s.name(), s.id(), s.root(),
                (s.overwriting() ? s.status() + ", overwriting oldest" : s.status().toString())
                        + (s.message().isEmpty() ? "" : ": " + s.message()),
                s.usedBytes() >> 20, s.allocatedBytes() == 0 ? "-" : s.allocatedBytes() >> 20, s.freeBytes() >> 20,
                s.totalBytes() >> 20));
        table.print(System.out);
        return null;
    }
}
