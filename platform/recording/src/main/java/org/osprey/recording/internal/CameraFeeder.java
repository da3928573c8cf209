package org.osprey.recording.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
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
import org.osprey.api.scheduling.SchedulerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds each camera's high-quality stream to its recorder while the recorder needs it: always for cameras
 * recorded continuously (REC-01: an added camera is recorded without further setup) or kept in a prebuffer,
 * and only while an event recording runs for the others. Follows the device registry through its events,
 * and re-checks every device now and then so a missed event costs seconds, not recordings.
 */
@Component(service = EventSubscriber.class, immediate = true, property = {
        EventSubscriber.TOPICS + "=" + EventTopics.DEVICE_ADDED,
        EventSubscriber.TOPICS + "=" + EventTopics.DEVICE_UPDATED,
        EventSubscriber.TOPICS + "=" + EventTopics.DEVICE_REMOVED,
        EventSubscriber.TOPICS + "=" + EventTopics.DEVICE_STATUS })
public class CameraFeeder implements EventSubscriber, RecordingEngine.RecorderFeed {

    private static final long RECHECK_SECONDS = 10;

    /** One camera of a device: the stream it is recorded from, and the subscription while it is fed. */
    private static final class Camera {
        final String streamId;
        CameraRecorder recorder;
        MediaSubscription subscription;

        Camera(String streamId) {
            this.streamId = streamId;
        }
    }

    /** A device whose cameras are fed from one media source. */
    private static final class DeviceFeeds {
        final MediaSource source;
        final Map<String, Camera> cameras = new LinkedHashMap<>();

        DeviceFeeds(MediaSource source) {
            this.source = source;
        }
    }

    private final Logger logger = LoggerFactory.getLogger(CameraFeeder.class);
    private final DeviceRegistry devices;
    private final MediaSources media;
    private final RecordingEngine engine;
    private final SchedulerService schedulers;
    private final Map<String, DeviceFeeds> feeds = new HashMap<>();
    /** Cameras that can be recorded now, to their device. */
    private final Map<String, String> deviceOfCamera = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> recheck;
    private boolean closed;

    @Activate
    public CameraFeeder(@Reference DeviceRegistry devices, @Reference MediaSources media,
            @Reference RecordingEngine engine, @Reference SchedulerService schedulers) {
        this.devices = devices;
        this.media = media;
        this.engine = engine;
        this.schedulers = schedulers;
        engine.attach(this);
        recheck = schedulers.ioScheduler().scheduleWithFixedDelay(this::reconcileAll, 0, RECHECK_SECONDS,
                TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        recheck.cancel(false);
        engine.detach(this);
        List<CompletableFuture<Void>> finishing = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (DeviceFeeds device : feeds.values()) {
                for (Camera camera : device.cameras.values()) {
                    unsubscribe(camera);
                    if (camera.recorder != null) {
                        camera.recorder.finish(GapCause.SERVER_STOPPED);
                        finishing.add(camera.recorder.done());
                    }
                }
            }
            feeds.clear();
            deviceOfCamera.clear();
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
            reconcileLater(deviceId);
        }
    }

    private void reconcileLater(String deviceId) {
        try {
            // Subscribing may touch the device's media source: not on the caller's thread.
            schedulers.ioScheduler().execute(() -> reconcile(deviceId));
        } catch (RejectedExecutionException e) {
            logger.debug("Device {} not checked: the I/O pool is shut down", deviceId);
        }
    }

    // ---- RecorderFeed ----

    @Override
    public String deviceOf(String cameraId) {
        String known = deviceOfCamera.get(cameraId);
        if (known != null) {
            return known;
        }
        for (DeviceDefinition device : devices.devices()) {
            if (!wanted(capabilities(device.id())).containsKey(cameraId)) {
                continue;
            }
            if (!device.enabled()) {
                throw new IllegalStateException("camera " + cameraId + " is disabled");
            }
            reconcile(device.id());
            String found = deviceOfCamera.get(cameraId);
            if (found == null) {
                throw new IllegalStateException("camera " + cameraId + " has no media now");
            }
            return found;
        }
        throw new NoSuchElementException("No camera " + cameraId);
    }

    @Override
    public void demandChanged(String cameraId) {
        String deviceId = deviceOfCamera.get(cameraId);
        if (deviceId != null) {
            reconcileLater(deviceId);
        }
    }

    // ---- reconciling ----

    void reconcileAll() {
        try {
            Set<String> known = new HashSet<>();
            for (DeviceDefinition device : devices.devices()) {
                known.add(device.id());
                reconcile(device.id());
            }
            List<String> gone;
            synchronized (this) {
                gone = feeds.keySet().stream().filter(id -> !known.contains(id)).toList();
            }
            gone.forEach(this::reconcile);
        } catch (RuntimeException e) {
            logger.error("Checking the devices to record failed", e);
        }
    }

    /** Brings the feeds of one device in line with its definition, cameras, media source and recorders. */
    synchronized void reconcile(String deviceId) {
        if (closed) {
            return;
        }
        try {
            Optional<DeviceDefinition> definition = devices.device(deviceId);
            boolean expected = definition.map(DeviceDefinition::enabled).orElse(false);
            Optional<MediaSource> source = expected ? media.mediaSource(deviceId) : Optional.empty();
            DeviceFeeds current = feeds.get(deviceId);
            if (current != null && (source.isEmpty() || current.source != source.get())) {
                for (Map.Entry<String, Camera> camera : current.cameras.entrySet()) {
                    deviceOfCamera.remove(camera.getKey(), deviceId);
                    // Disabled or removed: recording is not expected, and event recordings end. Still enabled but
                    // without this source (its driver went, or its handler restarted): video is missing, which
                    // the recorder turns into a gap where recording is expected; its event recordings go on.
                    if (expected) {
                        detach(camera.getValue(), "the camera's media source went away");
                    } else {
                        end(camera.getValue());
                    }
                }
                feeds.remove(deviceId);
                current = null;
            }
            if (source.isEmpty()) {
                return;
            }
            Map<String, String> wanted = wanted(capabilities(deviceId));
            if (current == null) {
                current = new DeviceFeeds(source.get());
                feeds.put(deviceId, current);
            }
            for (var it = current.cameras.entrySet().iterator(); it.hasNext();) {
                var camera = it.next();
                String stream = wanted.get(camera.getKey());
                if (stream == null) {
                    end(camera.getValue());
                    deviceOfCamera.remove(camera.getKey(), deviceId);
                    it.remove();
                } else if (!stream.equals(camera.getValue().streamId)) {
                    detach(camera.getValue(), "the camera's stream changed");
                    Camera replaced = new Camera(stream);
                    replaced.recorder = camera.getValue().recorder;
                    camera.setValue(replaced);
                }
            }
            for (Map.Entry<String, String> entry : wanted.entrySet()) {
                String cameraId = entry.getKey();
                Camera camera = current.cameras.computeIfAbsent(cameraId, k -> new Camera(entry.getValue()));
                deviceOfCamera.put(cameraId, deviceId);
                feed(deviceId, current.source, cameraId, camera);
            }
        } catch (RuntimeException e) {
            logger.error("Recording of device {} could not be set up", deviceId, e);
        }
    }

    /** Subscribes or unsubscribes one camera as its recorder needs. */
    private void feed(String deviceId, MediaSource source, String cameraId, Camera camera) {
        if (camera.recorder != null && camera.recorder.isFinished()) {
            unsubscribe(camera);
            camera.recorder = null;
        }
        if (camera.recorder == null) {
            RecordingSettings settings = engine.settings();
            Optional<CameraRecorder> existing = engine.existingRecorder(cameraId);
            if (existing.isPresent()) {
                camera.recorder = existing.get();
            } else if (settings.continuous(cameraId) || !settings.maxPrebuffer().isZero()) {
                try {
                    camera.recorder = engine.recorder(cameraId, deviceId);
                } catch (IllegalArgumentException e) {
                    logger.error("Camera {} cannot be recorded: {}", cameraId, e.getMessage());
                    return;
                }
            } else {
                // Recorded only for event recordings, which make the recorder when they start.
                return;
            }
        }
        boolean wanted = camera.recorder.wantsStream();
        if (wanted && camera.subscription == null) {
            try {
                camera.subscription = source.subscribe(camera.streamId, camera.recorder);
                logger.info("Camera {} fed from stream {}", cameraId, camera.streamId);
            } catch (RuntimeException e) {
                logger.error("Camera {}: stream {} could not be subscribed", cameraId, camera.streamId, e);
            }
        } else if (!wanted && camera.subscription != null) {
            unsubscribe(camera);
            logger.info("Camera {} no longer fed: nothing to record", cameraId);
        }
    }

    private static void unsubscribe(Camera camera) {
        MediaSubscription subscription = camera.subscription;
        camera.subscription = null;
        if (subscription != null) {
            subscription.close();
        }
    }

    /** The source goes, the recorder stays: it sees the stream stop, which may be a gap. */
    private static void detach(Camera camera, String reason) {
        boolean fed = camera.subscription != null;
        unsubscribe(camera);
        if (fed && camera.recorder != null) {
            camera.recorder.streamStopped(reason);
        }
    }

    /** Recording is not expected any more: no gap, and the recorder's event recordings end. */
    private static void end(Camera camera) {
        unsubscribe(camera);
        if (camera.recorder != null) {
            camera.recorder.finish(null);
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
}
