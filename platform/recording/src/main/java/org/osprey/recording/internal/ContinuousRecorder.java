package org.osprey.recording.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osprey.api.device.CameraDescriptor;
import org.osprey.api.device.DeviceCapabilities;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.StreamDescriptor;
import org.osprey.api.device.StreamProfile;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventSubscriber;
import org.osprey.api.event.EventTopics;
import org.osprey.api.event.OspreyEvent;
import org.osprey.api.media.MediaSource;
import org.osprey.api.media.MediaSubscription;
import org.osprey.api.recording.GapCause;
import org.osprey.api.recording.RecordingType;
import org.osprey.api.scheduling.SchedulerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every camera continuously from its high-quality stream, from the moment its device has media
 * (REC-01: an added camera is recorded without further setup). Follows the device registry through its
 * events, and re-checks every device now and then so a missed event costs seconds, not recordings.
 */
@Component(service = EventSubscriber.class, immediate = true, property = {
        EventSubscriber.TOPICS + "=" + EventTopics.DEVICE_ADDED,
        EventSubscriber.TOPICS + "=" + EventTopics.DEVICE_UPDATED,
        EventSubscriber.TOPICS + "=" + EventTopics.DEVICE_REMOVED,
        EventSubscriber.TOPICS + "=" + EventTopics.DEVICE_STATUS })
public class ContinuousRecorder implements EventSubscriber {

    private static final long RECHECK_SECONDS = 10;

    /** One camera being recorded. */
    private record Recording(String streamId, CameraRecorder recorder, MediaSubscription subscription) {
    }

    /** A device whose cameras are recorded, from one media source. */
    private static final class DeviceRecordings {
        final MediaSource source;
        final Map<String, Recording> cameras = new LinkedHashMap<>();

        DeviceRecordings(MediaSource source) {
            this.source = source;
        }
    }

    private final Logger logger = LoggerFactory.getLogger(ContinuousRecorder.class);
    private final DeviceRegistry devices;
    private final MediaSources media;
    private final RecordingEngine engine;
    private final SchedulerService schedulers;
    private final Map<String, DeviceRecordings> recording = new HashMap<>();
    private final ScheduledFuture<?> recheck;
    private boolean closed;

    @Activate
    public ContinuousRecorder(@Reference DeviceRegistry devices, @Reference MediaSources media,
            @Reference RecordingEngine engine, @Reference SchedulerService schedulers) {
        this.devices = devices;
        this.media = media;
        this.engine = engine;
        this.schedulers = schedulers;
        recheck = schedulers.ioScheduler().scheduleWithFixedDelay(this::reconcileAll, 0, RECHECK_SECONDS,
                TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        recheck.cancel(false);
        List<CompletableFuture<Void>> finishing = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (DeviceRecordings device : recording.values()) {
                for (Recording camera : device.cameras.values()) {
                    finishing.add(stop(camera, GapCause.SERVER_STOPPED));
                }
            }
            recording.clear();
        }
        try {
            CompletableFuture.allOf(finishing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            logger.error("Recorders did not stop in time: {}", e.toString());
        }
    }

    @Override
    public void onEvent(OspreyEvent event) {
        String deviceId = event.text(EventProperties.DEVICE_ID);
        if (!deviceId.isEmpty()) {
            // Subscribing may touch the device's media source: not on the event thread.
            schedulers.ioScheduler().execute(() -> reconcile(deviceId));
        }
    }

    void reconcileAll() {
        try {
            Set<String> known = new HashSet<>();
            for (DeviceDefinition device : devices.devices()) {
                known.add(device.id());
                reconcile(device.id());
            }
            List<String> gone;
            synchronized (this) {
                gone = recording.keySet().stream().filter(id -> !known.contains(id)).toList();
            }
            gone.forEach(this::reconcile);
        } catch (RuntimeException e) {
            logger.error("Checking the devices to record failed", e);
        }
    }

    /** Brings the recordings of one device in line with its definition, cameras and media source. */
    synchronized void reconcile(String deviceId) {
        if (closed) {
            return;
        }
        try {
            Optional<DeviceDefinition> definition = devices.device(deviceId);
            boolean expected = definition.map(DeviceDefinition::enabled).orElse(false);
            Optional<MediaSource> source = expected ? media.mediaSource(deviceId) : Optional.empty();
            DeviceRecordings current = recording.get(deviceId);
            if (current != null && (source.isEmpty() || current.source != source.get())) {
                // Disabled or removed: recording is not expected, so no gap. Still enabled but without media
                // (its driver went away or its handler restarted): video is missing, which is a gap.
                GapCause cause = expected ? GapCause.CAMERA_LOST : null;
                current.cameras.values().forEach(r -> stop(r, cause));
                recording.remove(deviceId);
                current = null;
            }
            if (source.isEmpty()) {
                return;
            }
            Map<String, String> wanted = wanted(capabilities(deviceId));
            if (current == null) {
                current = new DeviceRecordings(source.get());
                recording.put(deviceId, current);
            }
            for (var it = current.cameras.entrySet().iterator(); it.hasNext();) {
                var camera = it.next();
                if (!camera.getValue().streamId().equals(wanted.get(camera.getKey()))) {
                    stop(camera.getValue(), wanted.containsKey(camera.getKey()) ? GapCause.CAMERA_LOST : null);
                    it.remove();
                }
            }
            for (Map.Entry<String, String> camera : wanted.entrySet()) {
                if (!current.cameras.containsKey(camera.getKey())) {
                    start(deviceId, current, camera.getKey(), camera.getValue());
                }
            }
        } catch (RuntimeException e) {
            logger.error("Recording of device {} could not be set up", deviceId, e);
        }
    }

    private DeviceCapabilities capabilities(String deviceId) {
        try {
            return devices.capabilities(deviceId);
        } catch (DeviceNotFoundException e) {
            return DeviceCapabilities.NONE;
        }
    }

    /** Camera id to the stream recorded: the high-quality one, or the first when none is marked so. */
    static Map<String, String> wanted(DeviceCapabilities capabilities) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (CameraDescriptor camera : capabilities.cameras()) {
            camera.streams().stream().filter(s -> s.profile() == StreamProfile.HIGH).findFirst()
                    .or(() -> camera.streams().stream().findFirst())
                    .map(StreamDescriptor::id)
                    .ifPresent(stream -> wanted.put(camera.id(), stream));
        }
        return wanted;
    }

    private void start(String deviceId, DeviceRecordings device, String cameraId, String streamId) {
        CameraRecorder recorder;
        try {
            recorder = engine.recorder(cameraId, deviceId, RecordingType.CONTINUOUS);
        } catch (IllegalArgumentException | IllegalStateException e) {
            logger.error("Camera {} cannot be recorded: {}", cameraId, e.getMessage());
            return;
        }
        try {
            MediaSubscription subscription = device.source.subscribe(streamId, recorder);
            device.cameras.put(cameraId, new Recording(streamId, recorder, subscription));
            logger.info("Recording camera {} continuously from stream {}", cameraId, streamId);
        } catch (RuntimeException e) {
            logger.error("Camera {}: stream {} could not be subscribed", cameraId, streamId, e);
            recorder.finish(null);
        }
    }

    private static CompletableFuture<Void> stop(Recording recording, GapCause cause) {
        try {
            recording.subscription().close();
        } finally {
            recording.recorder().finish(cause);
        }
        return recording.recorder().done();
    }
}
