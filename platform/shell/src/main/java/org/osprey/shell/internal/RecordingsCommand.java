package org.osprey.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.recording.RecordingStatus;
import org.osprey.api.recording.Timeline;

/** Shows a camera's recording status and its timeline. */
@Service
@Command(scope = "osprey", name = "recordings", description = "Shows a camera's recording status and timeline")
public class RecordingsCommand implements Action {

    @Reference(optional = true)
    private RecordingService recordings;

    @Argument(index = 0, name = "camera", required = true, description = "Camera id")
    @Completion(DeviceIdCompleter.class)
    private String camera;

    @Option(name = "--hours", description = "How many hours back, 24 by default")
    private int hours = 24;

    @Override
    public Object execute() {
        if (recordings == null) {
            System.out.println("The recording engine is not running");
            return null;
        }
        RecordingStatus s = recordings.status(camera);
        System.out.println((s.recording() ? "Recording " + s.type() : "Not recording")
                + (s.gap() == null ? "" : " (" + s.gap() + ")") + (s.since() == null ? "" : " since " + s.since())
                + ", storage " + s.storage() + (s.message().isEmpty() ? "" : ": " + s.message()));
        Instant now = Instant.now();
        Timeline t = recordings.timeline(camera, now.minus(Duration.ofHours(hours)), now);
        ShellTable table = new ShellTable();
        for (String column : List.of("From", "To", "What")) {
            table.column(column);
        }
        t.spans().forEach(p -> table.addRow().addContent(p.start(), p.end(), p.type()));
        t.gaps().forEach(g -> table.addRow().addContent(g.start(), g.end(), "gap: " + g.cause()));
        table.print(System.out);
        return null;
    }
}
