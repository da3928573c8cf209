package org.osprey.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.recording.RecordingType;

/** Stops the manual recording of a camera; its postbuffer is still recorded. */
@Service
@Command(scope = "osprey", name = "record-stop", description = "Stops the manual recording of a camera after its postbuffer")
public class RecordStopCommand implements Action {

    @Reference(optional = true)
    private RecordingService recordings;

    @Argument(index = 0, name = "camera", required = true, description = "Camera id")
    @Completion(DeviceIdCompleter.class)
    private String camera;

    @Override
    public Object execute() {
        if (recordings == null) {
            System.out.println("The recording engine is not running");
            return null;
        }
        recordings.stopRecording(camera, RecordingType.MANUAL, "").ifPresentOrElse(
                r -> System.out.println("Manual recording of " + camera + " stops after its postbuffer of "
                        + r.postbuffer().toSeconds() + " s"),
                () -> System.out.println("No manual recording runs on " + camera));
        return null;
    }
}
