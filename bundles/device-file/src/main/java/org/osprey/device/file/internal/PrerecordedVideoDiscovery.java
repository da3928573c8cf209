package org.osprey.device.file.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osprey.api.device.DiscoveredDevice;
import org.osprey.api.device.DiscoveryProvider;
import org.osprey.api.plugin.PluginDescription;

/** Lists the videos of the prerecorded-video folder as devices that can be added (DEV-05). */
@Component(configurationPid = FileDeviceDriver.PID)
public class PrerecordedVideoDiscovery implements DiscoveryProvider {

    static final String ID = "osprey.file.discovery";

    private static final PluginDescription DESCRIPTION = new PluginDescription(ID, "Prerecorded videos",
            "The .mkv files in the server's " + VideoFolder.NAME + " folder.", null);

    private volatile VideoFolder folder;

    @Activate
    public PrerecordedVideoDiscovery(FileDeviceDriver.Config config) {
        modified(config);
    }

    @Modified
    void modified(FileDeviceDriver.Config config) {
        folder = VideoFolder.of(config.folder());
    }

    /** A listing of a given folder, for tests. */
    PrerecordedVideoDiscovery(VideoFolder folder) {
        this.folder = folder;
    }

    @Override
    public PluginDescription describe() {
        return DESCRIPTION;
    }

    @Override
    public List<DiscoveredDevice> discover(Duration timeout) {
        List<DiscoveredDevice> found = new ArrayList<>();
        Path path = folder.path();
        if (!Files.isDirectory(path)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (VideoFolder.isVideoName(name) && Files.isRegularFile(file)) {
                    found.add(new DiscoveredDevice(FileDeviceDriver.TYPE_ID, name, "", "Prerecorded video",
                            Map.of(FileDeviceDriver.CFG_FILE, name)));
                }
            }
        } catch (IOException e) {
            // An unreadable folder holds nothing that could be played either.
            return List.of();
        }
        found.sort(Comparator.comparing(DiscoveredDevice::address));
        return found;
    }
}
