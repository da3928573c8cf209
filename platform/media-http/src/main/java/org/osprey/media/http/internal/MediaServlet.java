package org.osprey.media.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.device.CameraDescriptor;
import org.osprey.api.device.DeviceCapabilities;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.StreamDescriptor;
import org.osprey.api.device.StreamProfile;
import org.osprey.api.dto.ProblemDTO;
import org.osprey.api.media.CodecParameters;
import org.osprey.api.media.MediaKind;
import org.osprey.api.media.MediaPacket;
import org.osprey.api.media.MediaSource;
import org.osprey.api.recording.RecordingSegment;
import org.osprey.api.recording.RecordingService;
import org.osprey.api.recording.SeekPoint;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.api.security.AuditActions;
import org.osprey.api.security.AuditEntry;
import org.osprey.api.security.AuditLog;
import org.osprey.api.security.Subject;
import org.osprey.media.http.internal.MediaAccess.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media endpoints under {@code /api/v1/media}: live and recorded video as fragmented MP4, remuxed
 * without transcoding, and JPEG snapshots. Cameras are the devices for now (one camera per device).
 *
 * <p>The request's own thread muxes and writes the response with blocking writes, bounded by the server's
 * idle timeout: Servlet async would need every filter on the path to support it, and the authentication
 * filter does not declare that. Recordings are read and snapshots decoded on the platform's I/O pool, camera
 * packets arrive on the camera's thread, and neither ever waits for a client: both hand over through
 * bounded queues.
 */
@Component(service = Servlet.class, configurationPid = "org.osprey.media.http")
@HttpWhiteboardServletPattern(MediaServlet.ROOT + "/*")
@HttpWhiteboardServletName("osprey-media")
@Designate(ocd = MediaServlet.Config.class)
public class MediaServlet extends HttpServlet {

    static final String ROOT = "/api/v1/media";
    static final String PROBLEM_JSON = "application/problem+json";
    /** Wall-clock time of the first frame, at media time 0 (ISO-8601). */
    static final String START_HEADER = "X-Osprey-Start";
    /** Wall-clock time of a snapshot's picture (ISO-8601). */
    static final String TIME_HEADER = "X-Osprey-Time";
    private static final long serialVersionUID = 1L;
    private static final long POLL_MILLIS = 500;

    /** Limits of the media endpoints. */
    @ObjectClassDefinition(name = "Osprey media endpoints")
    public @interface Config {
        @AttributeDefinition(name = "Start timeout (ms)", min = "100",
                description = "How long a request waits for the camera's first keyframe or the recording's first packet")
        int startTimeoutMillis() default 10_000;

        @AttributeDefinition(name = "Live backlog per viewer (bytes)", min = "65536",
                description = "A viewer this far behind loses its backlog and goes on at the next keyframe")
        int liveBacklogBytes() default 16 * 1024 * 1024;

        @AttributeDefinition(name = "Live backlog per viewer (packets)", min = "16")
        int liveBacklogPackets() default 4096;

        @AttributeDefinition(name = "Live fragment (ms)", min = "0",
                description = "Longest live MP4 fragment; 0 cuts only at keyframes, which delays the picture by a GOP")
        int liveFragmentMillis() default 100;

        @AttributeDefinition(name = "GOP kept per live camera (bytes)", min = "0",
                description = "The current GOP is kept up to this size so a new viewer starts at once")
        int gopCacheBytes() default 8 * 1024 * 1024;

        @AttributeDefinition(name = "Live relay grace (s)", min = "0",
                description = "How long a camera stays subscribed after its last live viewer left")
        int relayGraceSeconds() default 30;

        @AttributeDefinition(name = "Live silence limit (s)", min = "1",
                description = "A live stream without any packet for this long ends")
        int silenceSeconds() default 10;

        @AttributeDefinition(name = "Playback read-ahead (bytes)", min = "65536")
        int playbackAheadBytes() default 4 * 1024 * 1024;

        @AttributeDefinition(name = "Playback follow (s)", min = "1",
                description = "How long playback at the end of the recording waits for it to grow")
        int playbackFollowSeconds() default 15;
    }

    private final transient Logger logger = LoggerFactory.getLogger(MediaServlet.class);
    private final transient ObjectMapper json = new ObjectMapper();
    private final transient DeviceRegistry devices;
    private final transient AuditLog audit;
    private final transient SchedulerService schedulers;
    private final transient Clock clock;
    private final transient Config config;
    private final transient LiveRelays relays;
    private final transient Set<PacketFeed> feeds = ConcurrentHashMap.newKeySet();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient RecordingService recordings;

    /** The audit log is mandatory: a stream start that cannot be audited (LOG-08) is not served. */
    @Activate
    public MediaServlet(@Reference DeviceRegistry devices, @Reference AuditLog audit,
            @Reference SchedulerService schedulers, Config config) {
        this(devices, audit, schedulers, config, Clock.systemUTC());
    }

    MediaServlet(DeviceRegistry devices, AuditLog audit, SchedulerService schedulers, Config config, Clock clock) {
        this.devices = devices;
        this.audit = audit;
        this.schedulers = schedulers;
        this.config = config;
        this.clock = clock;
        this.relays = new LiveRelays(schedulers.scheduler(), TimeUnit.SECONDS.toMillis(config.relayGraceSeconds()),
                config.gopCacheBytes());
    }

    void setRecordings(RecordingService recordings) {
        this.recordings = recordings;
    }

    @Deactivate
    void deactivate() {
        relays.close();
        feeds.forEach(PacketFeed::close);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        try {
            requireUnambiguous(request.getRequestURI());
            String[] parts = path.split("/", -1);
            if (parts.length != 4 || !parts[0].isEmpty() || !parts[1].equals("cameras") || parts[2].isEmpty()) {
                throw MediaProblem.notFound("No media endpoint at " + path);
            }
            Endpoint endpoint = switch (parts[3]) {
                case "live" -> Endpoint.LIVE;
                case "playback" -> Endpoint.PLAYBACK;
                case "snapshot" -> Endpoint.SNAPSHOT;
                default -> throw MediaProblem.notFound("No media endpoint at " + path);
            };
            if (!request.getMethod().equals("GET")) {
                throw new MediaProblem(405, "Method not allowed", request.getMethod() + " is not allowed on " + path,
                        Map.of(), Map.of("Allow", "GET"));
            }
            String cameraId = parts[2];
            // Who may do what is settled before any parameter is read or anything is looked up.
            Subject subject = MediaAccess.caller(request.getAttribute(Subject.REQUEST_ATTRIBUTE));
            MediaAccess.authorize(subject, cameraId, endpoint, request.getParameter("at") != null);
            switch (endpoint) {
                case LIVE -> live(subject, cameraId, response);
                case PLAYBACK -> playback(subject, cameraId, request, response);
                case SNAPSHOT -> snapshot(subject, cameraId, request, response);
                default -> throw new IllegalStateException(endpoint.name());
            }
        } catch (MediaProblem e) {
            problem(response, e);
        } catch (DeviceNotFoundException e) {
            problem(response, MediaProblem.notFound(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(response, MediaProblem.unavailable("The server is stopping"));
        } catch (Exception e) {
            logger.error("{} {} failed", request.getMethod(), path, e);
            problem(response, new MediaProblem(500, "Internal error",
                    "The server failed to handle the request; see the server log"));
        }
    }

    // ---- live ----

    private void live(Subject subject, String cameraId, HttpServletResponse response)
            throws IOException, InterruptedException {
        Camera camera = camera(cameraId);
        LiveRelay relay = acquire(camera);
        ViewerQueue queue = new ViewerQueue(config.liveBacklogBytes(), config.liveBacklogPackets());
        feeds.add(queue);
        try {
            if (!relay.add(queue)) {
                throw MediaProblem.unavailable("The live stream of camera " + cameraId + " is being restarted");
            }
            List<CodecParameters> streams = queue.awaitStart(config.startTimeoutMillis());
            if (streams == null) {
                throw MediaProblem.unavailable("Camera " + cameraId + " sends no video now"
                        + (queue.endReason().isEmpty() ? "" : ": " + queue.endReason()));
            }
            String label = "Live stream of camera " + cameraId + " to " + subject.username() + " at "
                    + subject.sourceAddress();
            stream(response, queue, streams, TimeUnit.MILLISECONDS.toMicros(config.liveFragmentMillis()), label,
                    TimeUnit.SECONDS.toMillis(config.silenceSeconds()),
                    first -> audit.record(AuditEntry.of(subject, AuditActions.LIVE_STREAM, cameraId,
                            "stream " + camera.streamId() + ", first frame " + Micros.toInstant(first))));
        } finally {
            relay.remove(queue);
            queue.close();
            feeds.remove(queue);
            relays.release(relay);
        }
    }

    /** A camera with live media: its device, the stream to show and the device's media source. */
    record Camera(String id, String streamId, MediaSource source) {
    }

    /** The camera as live video needs it, or the problem why it has none. */
    Camera camera(String cameraId) {
        DeviceDefinition device = devices.device(cameraId)
                .orElseThrow(() -> MediaProblem.notFound("No camera with id " + cameraId));
        if (!device.enabled()) {
            throw MediaProblem.conflict("Camera " + cameraId + " is disabled");
        }
        DeviceCapabilities capabilities = devices.capabilities(cameraId);
        Optional<CameraDescriptor> descriptor = capabilities.cameras().stream()
                .filter(c -> c.id().equals(cameraId)).findFirst()
                .or(() -> capabilities.cameras().stream().findFirst());
        Optional<String> streamId = descriptor.flatMap(c -> c.streams().stream()
                .filter(s -> s.profile() == StreamProfile.HIGH).findFirst()
                .or(() -> c.streams().stream().findFirst()))
                .map(StreamDescriptor::id);
        Optional<MediaSource> source = devices.mediaSource(cameraId);
        if (source.isEmpty()) {
            throw MediaProblem.unavailable("Camera " + cameraId + " has no video now: its driver is not running");
        }
        if (streamId.isEmpty()) {
            throw MediaProblem.conflict("Device " + cameraId + " has no video stream");
        }
        return new Camera(cameraId, streamId.get(), source.get());
    }

    private LiveRelay acquire(Camera camera) {
        try {
            return relays.acquire(camera.id(), camera.streamId(), camera.source());
        } catch (IllegalArgumentException e) {
            throw MediaProblem.conflict("Camera " + camera.id() + " does not offer stream " + camera.streamId());
        } catch (IllegalStateException e) {
            throw MediaProblem.unavailable("The media endpoints are stopping");
        }
    }

    // ---- playback ----

    private void playback(Subject subject, String cameraId, HttpServletRequest request, HttpServletResponse response)
            throws IOException, InterruptedException {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant at = instant(request, "at", true, errors);
        Instant end = instant(request, "end", false, errors);
        if (errors.isEmpty() && end != null && !end.isAfter(at)) {
            errors.put("end", "must be after at");
        }
        if (!errors.isEmpty()) {
            throw MediaProblem.badRequest("Give the instant to play from as ISO-8601, such as 2026-01-31T12:00:00Z",
                    errors);
        }
        Instant now = clock.instant();
        MediaAccess.checkAge(subject, at, now);
        RecordingService recordingService = recordingService();
        SeekPoint seek = seekAtOrBefore(recordingService, cameraId, at)
                .filter(p -> end == null || p.keyframe().isBefore(end))
                .orElseThrow(() -> MediaProblem.notFound("Nothing of camera " + cameraId + " is recorded at or after "
                        + at + (end == null ? "" : " and before " + end)));
        long start = Micros.of(seek.keyframe());
        RecordingSegment segment = seek.segment();
        Optional<Instant> earliest = MediaAccess.earliest(subject, now);
        if (earliest.isPresent() && seek.keyframe().isBefore(earliest.get())) {
            // The keyframe before the instant lies beyond the caller's age limit: start at the first one the
            // caller may see.
            SeekPoint allowed = firstKeyframeFrom(recordingService, cameraId, earliest.get())
                    .filter(p -> end == null || p.keyframe().isBefore(end))
                    .orElseThrow(() -> MediaProblem.notFound("Nothing of camera " + cameraId
                            + " that you may see is recorded at or after " + at));
            start = Micros.of(allowed.keyframe());
            segment = allowed.segment();
        }
        PlaybackFeed feed = new PlaybackFeed(recordingService, cameraId, segment, start,
                end == null ? Long.MAX_VALUE : Micros.of(end), schedulers.ioScheduler(), clock,
                config.playbackAheadBytes(), 500, TimeUnit.SECONDS.toMillis(config.playbackFollowSeconds()));
        feeds.add(feed);
        try {
            feed.start();
            List<CodecParameters> streams = feed.awaitStart(config.startTimeoutMillis());
            if (streams == null) {
                throw MediaProblem.unavailable("The recording of camera " + cameraId + " at " + at
                        + " cannot be played now" + (feed.endReason().isEmpty() ? "" : ": " + feed.endReason()));
            }
            String label = "Playback of camera " + cameraId + " from " + at + " to " + subject.username() + " at "
                    + subject.sourceAddress();
            stream(response, feed, streams, 0, label, 0,
                    first -> audit.record(AuditEntry.of(subject, AuditActions.PLAYBACK_STREAM, cameraId,
                            "from " + at + ", first frame " + Micros.toInstant(first)
                                    + (end == null ? "" : ", until " + end))));
        } finally {
            feed.close();
            feeds.remove(feed);
        }
    }

    /**
     * Where playback of an instant starts: the keyframe at or before it or, where nothing covers the
     * instant, the first one after. When a picture is cut between two segment files, both list its
     * keyframe, and the index may answer with the segment that ends there; then the segment that covers the
     * instant is asked directly.
     */
    private static Optional<SeekPoint> seekAtOrBefore(RecordingService recordings, String cameraId, Instant at) {
        Optional<SeekPoint> seek = recordings.seek(cameraId, at);
        if (seek.isPresent() && !seek.get().keyframe().isAfter(at)) {
            return seek;
        }
        for (RecordingSegment s : recordings.segments(cameraId, at, at.plusNanos(1000))) {
            Optional<Instant> keyframe = s.keyframes().stream().filter(k -> !k.isAfter(at)).reduce((a, b) -> b);
            if (keyframe.isPresent()) {
                return Optional.of(new SeekPoint(s, keyframe.get()));
            }
        }
        return seek;
    }

    /** The first keyframe at or after an instant, looked for within the hour after it. */
    private static Optional<SeekPoint> firstKeyframeFrom(RecordingService recordings, String cameraId, Instant from) {
        for (RecordingSegment s : recordings.segments(cameraId, from, from.plusSeconds(3600))) {
            Optional<Instant> keyframe = s.keyframes().stream().filter(k -> !k.isBefore(from)).findFirst();
            if (keyframe.isPresent()) {
                return Optional.of(new SeekPoint(s, keyframe.get()));
            }
        }
        return Optional.empty();
    }

    private RecordingService recordingService() {
        RecordingService service = recordings;
        if (service == null) {
            throw MediaProblem.unavailable("The recording engine is not running");
        }
        return service;
    }

    private static Instant instant(HttpServletRequest request, String name, boolean required,
            Map<String, String> errors) {
        String text = request.getParameter(name);
        if (text == null) {
            if (required) {
                errors.put(name, "is required");
            }
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.put(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            return null;
        }
    }

    // ---- streaming ----

    /** Told the wall-clock time of the first frame once it is known, just before the response starts. */
    @FunctionalInterface
    private interface StartListener {
        void started(long firstFrameMicros);
    }

    /**
     * Writes a feed as fragmented MP4 until it ends, the client goes away or, for live video, the camera is
     * silent too long. Bytes go out as FFmpeg produces them, and are pushed to the client whenever the feed
     * has nothing more at the moment.
     */
    private void stream(HttpServletResponse response, PacketFeed feed, List<CodecParameters> streams,
            long fragmentMicros, String label, long silenceMillis, StartListener onStart)
            throws IOException, InterruptedException {
        MediaPacket first = feed.poll(config.startTimeoutMillis());
        if (first == null) {
            throw MediaProblem.unavailable(label + " ended before it started"
                    + (feed.endReason().isEmpty() ? "" : ": " + feed.endReason()));
        }
        OutputStream out = response.getOutputStream();
        Fmp4Writer mp4;
        try {
            mp4 = Fmp4Writer.create(streams, out, fragmentMicros);
        } catch (IOException e) {
            throw MediaProblem.conflict("The stream cannot be sent as MP4: " + e.getMessage());
        }
        String reason;
        long packets = 0;
        long lastReport = 0;
        ViewerQueue live = feed instanceof ViewerQueue q ? q : null;
        try (mp4) {
            onStart.started(first.ptsMicros());
            response.setStatus(200);
            // With the codecs named, a browser can open its Media Source buffer before the first byte.
            response.setContentType(CodecStrings.of(Fmp4Writer.carried(streams), first.keyframe() ? first.data() : null)
                    .map(codecs -> "video/mp4; codecs=\"" + codecs + "\"").orElse("video/mp4"));
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader(START_HEADER, Micros.toInstant(first.ptsMicros()).toString());
            mp4.write(first);
            long flushed = 0;
            long lastPacket = System.nanoTime();
            while (true) {
                MediaPacket packet = feed.poll(POLL_MILLIS);
                if (packet == null) {
                    if (feed.ended()) {
                        reason = feed.endReason();
                        break;
                    }
                    if (silenceMillis > 0 && System.nanoTime() - lastPacket > TimeUnit.MILLISECONDS.toNanos(silenceMillis)) {
                        reason = "no packet for " + TimeUnit.MILLISECONDS.toSeconds(silenceMillis) + " s";
                        break;
                    }
                    continue;
                }
                lastPacket = System.nanoTime();
                mp4.write(packet);
                packets++;
                if (!feed.hasNext() && mp4.bytesOut() != flushed) {
                    out.flush();
                    flushed = mp4.bytesOut();
                }
                if (live != null && System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    lastReport = reportDrops(live, label, lastReport);
                }
            }
            mp4.finish();
            out.flush();
            logger.debug("{} ended after {} packets, {} bytes: {}", label, packets, mp4.bytesOut(), reason);
        } catch (IOException e) {
            if (mp4.bytesOut() == 0 && !response.isCommitted()) {
                // Nothing went out: the muxer refused the stream, and the client can still be told why.
                logger.warn("{} could not start: {}", label, e.getMessage());
                throw new MediaProblem(500, "Internal error", "The stream could not be packaged as MP4: "
                        + e.getMessage(), Map.of(), Map.of());
            }
            // The usual end of a live stream: the client closed the connection.
            logger.debug("{} ended after {} packets: {}", label, packets, e.toString());
        } finally {
            if (live != null) {
                reportDrops(live, label, 0);
            }
        }
    }

    /** Says in the log when a viewer was too slow and lost packets; returns when it last said so. */
    private long reportDrops(ViewerQueue queue, String label, long lastReport) {
        ViewerQueue.Drops drops = queue.takeDrops();
        if (drops == null) {
            return lastReport;
        }
        logger.info("{} cannot keep up: dropped {} packets ({} KiB) in {} episode(s), going on at the next keyframe "
                + "each time", label, drops.packets(), drops.bytes() / 1024, drops.episodes());
        return System.nanoTime();
    }

    // ---- snapshots ----

    private void snapshot(Subject subject, String cameraId, HttpServletRequest request, HttpServletResponse response)
            throws IOException, InterruptedException {
        if (request.getParameter("at") == null) {
            liveSnapshot(cameraId, response);
        } else {
            recordedSnapshot(subject, cameraId, request, response);
        }
    }

    private void liveSnapshot(String cameraId, HttpServletResponse response) throws IOException, InterruptedException {
        Camera camera = camera(cameraId);
        LiveRelay relay = acquire(camera);
        LiveRelay.Keyframe keyframe;
        try {
            keyframe = relay.keyframe().get(config.startTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw MediaProblem.unavailable("Camera " + cameraId + " sends no video now");
        } finally {
            relays.release(relay);
        }
        byte[] jpeg = onIo(() -> SnapshotEncoder.jpeg(keyframe.streams(), keyframe.packet()));
        jpeg(response, jpeg, keyframe.packet().ptsMicros());
    }

    private void recordedSnapshot(Subject subject, String cameraId, HttpServletRequest request,
            HttpServletResponse response) throws IOException, InterruptedException {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant at = instant(request, "at", true, errors);
        if (!errors.isEmpty()) {
            throw MediaProblem.badRequest("Give the instant as ISO-8601, such as 2026-01-31T12:00:00Z", errors);
        }
        Instant now = clock.instant();
        MediaAccess.checkAge(subject, at, now);
        RecordingService recordingService = recordingService();
        SeekPoint seek = seekAtOrBefore(recordingService, cameraId, at).filter(p -> !p.keyframe().isAfter(at))
                .orElseThrow(() -> MediaProblem.notFound("Nothing of camera " + cameraId + " is recorded at " + at));
        // The picture is the keyframe, so that is what the age limit applies to.
        MediaAccess.checkAge(subject, seek.keyframe(), now);
        long keyframeMicros = Micros.of(seek.keyframe());
        byte[] jpeg = onIo(() -> {
            Path file = SegmentFiles.locate(recordingService, seek.segment());
            try (SegmentReader reader = SegmentReader.open(file)) {
                reader.seekToKeyframe(keyframeMicros);
                MediaPacket picture = null;
                SegmentReader.Read read;
                while ((read = reader.read()) != null) {
                    MediaPacket packet = read.packet();
                    if (!isVideo(reader.streams(), packet)) {
                        continue;
                    }
                    if (picture != null && !AccessUnits.samePicture(picture, packet)) {
                        break;
                    }
                    if (picture != null) {
                        picture = AccessUnits.join(picture, packet);
                    } else if (packet.keyframe() && packet.ptsMicros() >= keyframeMicros) {
                        picture = packet;
                    }
                }
                if (picture != null) {
                    return SnapshotEncoder.jpeg(reader.streams(), picture);
                }
            }
            throw new IOException("the keyframe at " + seek.keyframe() + " is not in " + seek.segment().path());
        });
        jpeg(response, jpeg, keyframeMicros);
    }

    private static boolean isVideo(List<CodecParameters> streams, MediaPacket packet) {
        return streams.stream().anyMatch(s -> s.index() == packet.streamIndex() && s.kind() == MediaKind.VIDEO);
    }

    /** Work that reads files or decodes, on the I/O pool, waited for within the start timeout. */
    private byte[] onIo(IoWork work) throws InterruptedException {
        Future<byte[]> result = schedulers.ioScheduler().submit(work::run);
        try {
            return result.get(config.startTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | CancellationException e) {
            result.cancel(true);
            throw MediaProblem.unavailable("The snapshot took too long");
        } catch (ExecutionException e) {
            logger.warn("A snapshot failed: {}", e.getCause().toString());
            throw new MediaProblem(500, "Internal error", "The picture could not be decoded: "
                    + e.getCause().getMessage(), Map.of(), Map.of());
        }
    }

    @FunctionalInterface
    private interface IoWork {
        byte[] run() throws IOException;
    }

    private static void jpeg(HttpServletResponse response, byte[] jpeg, long timeMicros) throws IOException {
        response.setStatus(200);
        response.setContentType("image/jpeg");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(TIME_HEADER, Micros.toInstant(timeMicros).toString());
        response.setContentLength(jpeg.length);
        response.getOutputStream().write(jpeg);
    }

    // ---- errors ----

    /**
     * Refuses paths whose meaning depends on decoding or normalising (encoded slashes, dots, backslashes,
     * dot segments, path parameters): no route needs them, and they are how path checks are bypassed.
     */
    static void requireUnambiguous(String rawUri) {
        String lower = rawUri.toLowerCase(Locale.ROOT);
        for (String sign : List.of("%2f", "%2e", "%5c", "%00", ";", "\\", "/../", "/./")) {
            if (lower.contains(sign)) {
                throw MediaProblem.badRequest("The path is ambiguous", Map.of());
            }
        }
        if (lower.endsWith("/..") || lower.endsWith("/.")) {
            throw MediaProblem.badRequest("The path is ambiguous", Map.of());
        }
    }

    /** Answers with a problem body, unless the response has started already (then the client sees it cut). */
    private void problem(HttpServletResponse response, MediaProblem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        // Headers of a stream that was about to start do not belong to the problem.
        response.reset();
        response.setStatus(problem.status);
        problem.headers.forEach(response::setHeader);
        String type = "urn:osprey:problem:" + problem.title.toLowerCase(Locale.ROOT).replace(' ', '-');
        byte[] body = json.writeValueAsBytes(new ProblemDTO(type, problem.title, problem.status, problem.getMessage(),
                problem.errors));
        response.setContentType(PROBLEM_JSON);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
