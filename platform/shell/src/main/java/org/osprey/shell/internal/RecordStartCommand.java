package org.osprey.shell.internal;

import java.time.Duration;
import java.util.NoSuchElementException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditLog;
import org.osprey.api.recording.EventRecording;
import org.osprey.api.recording.RecordingRequest;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.recording.RecordingType;

/** Starts the manual recording of a camera (REC-05), or keeps it running. */
@Service
@Command(scope = "osprey", name = "record-start", description = "Starts the manual recording of a camera, or keeps it running")
public class RecordStartCommand implements Action {

    @Reference(optional = true)
    private RecordingService recordings;

    @Reference(optional = true)
    private AuditLog audit;

    @Reference
    private Session session;

    @Argument(index = 0, name = "camera", required = true, description = "Camera id")
    @Completion(DeviceIdCompleter.class)
    private String camera;

    @Option(name = "--prebuffer", description = "Seconds before now to record too; the server's default when left out")
    private Integer prebuffer;

    @Option(name = "--postbuffer", description = "Seconds to go on after the stop; the server's default when left out")
    private Integer postbuffer;

    @Override
    public Object execute() {
        if (recordings == null) {
            System.out.println("The recording engine is not running");
            return null;
        }
        try {
            EventRecording r = recordings.startRecording(new RecordingRequest(camera, RecordingType.MANUAL, "",
                    prebuffer == null ? null : Duration.ofSeconds(prebuffer),
                    postbuffer == null ? null : Duration.ofSeconds(postbuffer)));
            System.out.println("Manual recording of " + r.cameraId() + " runs since " + r.started() + " (prebuffer "
                    + r.prebuffer().toSeconds() + " s, postbuffer " + r.postbuffer().toSeconds() + " s, id " + r.id() + ")");
            ConsoleAudit.record(audit, session, AuditActions.MANUAL_RECORDING, r.cameraId(), "manual recording started");
        } catch (NoSuchElementException | IllegalArgumentException | IllegalStateException e) {
            System.out.println("Not started: " + e.getMessage());
        }
        return null;
    }
}
