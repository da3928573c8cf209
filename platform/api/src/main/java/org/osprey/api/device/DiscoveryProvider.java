package org.osprey.api.device;

import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.osprey.api.plugin.Plugin;

/** Finds devices on the network (mDNS, SSDP, WS-Discovery, IP-range scan ...). */
@ConsumerType
public interface DiscoveryProvider extends Plugin {

    /**
     * Searches for devices; the platform calls it on a scheduler thread.
     *
     * @param timeout how long to search at most
     * @return devices found, possibly empty
     * @throws InterruptedException when the search is cancelled
     */
    List<DiscoveredDevice> discover(Duration timeout) throws InterruptedException;
}
