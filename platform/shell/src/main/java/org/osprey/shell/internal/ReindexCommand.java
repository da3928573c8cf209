package org.osprey.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osprey.api.recording.ReindexReport;
import org.osprey.api.recording.RecordingService;

/** Rebuilds the recording index from the segment files. */
@Service
@Command(scope = "osprey", name = "reindex", description = "Rebuilds the recording index from the segment files")
public class ReindexCommand implements Action {

    @Reference(optional = true)
    private RecordingService recordings;

    @Override
    public Object execute() {
        if (recordings == null) {
            System.out.println("The recording engine is not running");
            return null;
        }
        ReindexReport r = recordings.reindex();
        System.out.printf("%d files read, %d segments indexed, %d keyframes, %d stale entries removed in %d ms%n",
                r.files(), r.segments(), r.keyframes(), r.removed(), r.took().toMillis());
        r.problems().forEach(p -> System.out.println("  " + p));
        return null;
    }
}
