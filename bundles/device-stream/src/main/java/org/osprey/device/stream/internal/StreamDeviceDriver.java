package org.osprey.device.stream.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.StreamProfile;
import org.osprey.api.plugin.PluginDescription;
import org.osprey.device.stream.internal.rtsp.RtspReceiver;

/**
 * The driver of cameras reached by a stream URL (DEV-04): RTSP and RTSPS over TCP or UDP, and M-JPEG
 * over HTTP and HTTPS. Plain RTSP over TCP is read by the driver's own client, all of its cameras by one
 * {@link RtspReceiver}; the rest through FFmpeg.
 */
@Component
public class StreamDeviceDriver implements DeviceDriver {

    static final String TYPE_ID = "osprey.stream";

    /** Reads every RTSP camera of this driver from one selector. */
    private final RtspReceiver receiver = new RtspReceiver();

    private static final PluginDescription DESCRIPTION = new PluginDescription(TYPE_ID, "Stream URL camera",
            "A camera reached by an RTSP, RTSPS or HTTP(S) M-JPEG URL; H.264, H.265 and M-JPEG video, AAC and "
                    + "G.711 audio.",
            ConfigDescription.of(
                    ConfigParameter.uri(StreamSettings.CFG_URL, "Stream URL", true, "rtsp", "rtsps", "http", "https")
                            .withDescription("For example rtsp://192.168.1.20:554/stream1. The user name and "
                                    + "password go into their own fields, not into the URL."),
                    ConfigParameter.text(StreamSettings.CFG_USERNAME, "User name", false),
                    ConfigParameter.password(StreamSettings.CFG_PASSWORD, "Password", false),
                    ConfigParameter.choice(StreamSettings.CFG_TRANSPORT, "Transport",
                            StreamSettings.Transport.TCP.option(), StreamSettings.options(StreamSettings.Transport.class))
                            .withDescription("How RTSP carries the media; TCP works through firewalls. Not used "
                                    + "for HTTP."),
                    ConfigParameter.choice(StreamSettings.CFG_PROFILE, "Profile", "high",
                            StreamSettings.options(StreamProfile.class))
                            .withDescription("Which of the camera's profiles this URL delivers."),
                    ConfigParameter.integer(StreamSettings.CFG_TIMEOUT, "Timeout (s)",
                            StreamSettings.DEFAULT_TIMEOUT_SECONDS, StreamSettings.MIN_TIMEOUT_SECONDS,
                            StreamSettings.MAX_TIMEOUT_SECONDS)
                            .withDescription("How long a connection attempt or a silent stream may take before "
                                    + "the camera counts as not accessible.")));

    @Deactivate
    void deactivate() {
        receiver.close();
    }

    @Override
    public PluginDescription describe() {
        return DESCRIPTION;
    }

    /**
     * Creates the handler, or one that only reports {@code NOT_ACCESSIBLE} when the configuration is
     * refused: the platform validated it already, but only this driver knows what FFmpeg would make of it.
     */
    @Override
    public DeviceHandler createHandler(DeviceContext context) {
        StreamSettings settings;
        try {
            settings = StreamSettings.from(context.device().configuration());
        } catch (IllegalArgumentException e) {
            return new RefusedDeviceHandler(context, e.getMessage());
        }
        return new StreamDeviceHandler(context, settings, receiver);
    }
}
