package org.osprey.device.file.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.plugin.PluginDescription;
import org.osprey.sdk.support.UpstreamDeviceHandler;

/**
 * The driver of prerecorded videos (DEV-05): a Matroska file in the server's {@code PrerecordedVideos}
 * folder, played in a loop in real time so that it behaves like a live camera.
 */
@Component(configurationPid = FileDeviceDriver.PID)
@Designate(ocd = FileDeviceDriver.Config.class)
public class FileDeviceDriver implements DeviceDriver {

    static final String PID = "org.osprey.device.file";
    static final String TYPE_ID = "osprey.file";
    static final String CFG_FILE = "file";

    /** Shared by the components of this bundle. */
    @ObjectClassDefinition(name = "Osprey prerecorded video")
    public @interface Config {
        @AttributeDefinition(name = "Folder",
                description = "Where the videos are; empty: PrerecordedVideos in the server's data folder.")
        String folder() default "";

        @AttributeDefinition(name = "Sample video",
                description = "Makes sample.mkv (20 s of generated H.264) in the folder when it is not there.")
        boolean createSample() default true;
    }

    private static final PluginDescription DESCRIPTION = new PluginDescription(TYPE_ID, "Prerecorded video",
            "A Matroska (.mkv) video from the server's " + VideoFolder.NAME + " folder, played in a loop in real "
                    + "time like a live camera; H.264, H.265 or M-JPEG video, AAC audio.",
            ConfigDescription.of(ConfigParameter.text(CFG_FILE, "File", true)
                    .withDescription("The name of an .mkv file in the " + VideoFolder.NAME + " folder, such as "
                            + SampleVideo.FILE_NAME + "; no path.")));

    private volatile VideoFolder folder;

    @Activate
    public FileDeviceDriver(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        folder = VideoFolder.of(config.folder());
    }

    @Override
    public PluginDescription describe() {
        return DESCRIPTION;
    }

    @Override
    public DeviceHandler createHandler(DeviceContext context) {
        return new FileCameraHandler(context, folder, UpstreamDeviceHandler::wallClockMicros,
                FileCameraHandler.RETRY_MILLIS);
    }
}
