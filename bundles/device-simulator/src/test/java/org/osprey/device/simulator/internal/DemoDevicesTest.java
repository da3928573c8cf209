package org.osprey.device.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.device.DeviceCapabilities;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceRegistry;
import org.osprey.api.device.DeviceRequest;
import org.osprey.api.device.DeviceStatusInfo;
import org.osprey.api.media.MediaSource;
import org.osprey.api.plugin.PluginDescription;

class DemoDevicesTest {

    @TempDir
    Path data;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Keeps definitions in memory and, like the real one, refuses types it has no driver for. */
    static final class MemoryRegistry implements DeviceRegistry {
        final List<DeviceDefinition> devices = new ArrayList<>();
        Set<String> types = Set.of("osprey.simulator", "osprey.file");

        @Override
        public List<DeviceDefinition> devices() {
            return List.copyOf(devices);
        }

        @Override
        public Optional<DeviceDefinition> device(String id) {
            return devices.stream().filter(d -> d.id().equals(id)).findFirst();
        }

        @Override
        public DeviceDefinition add(DeviceRequest request) {
            if (!types.contains(request.type())) {
                throw new InvalidConfigurationException("Device type " + request.type() + " is not installed",
                        Map.of("type", "not installed"));
            }
            DeviceDefinition definition = new DeviceDefinition("d" + devices.size(), request.name(), request.type(),
                    true, request.configuration());
            devices.add(definition);
            return definition;
        }

        @Override
        public DeviceDefinition update(String id, DeviceRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String id) {
            devices.removeIf(d -> d.id().equals(id));
        }

        @Override
        public DeviceDefinition setEnabled(String id, boolean enabled) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeviceStatusInfo status(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeviceCapabilities capabilities(String id) {
            return DeviceCapabilities.NONE;
        }

        @Override
        public Optional<MediaSource> mediaSource(String id) {
            return Optional.empty();
        }
    }

    private static DeviceDriver driver(String type) {
        return new DeviceDriver() {
            @Override
            public PluginDescription describe() {
                return new PluginDescription(type, type, "", ConfigDescription.NONE);
            }

            @Override
            public DeviceHandler createHandler(DeviceContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private DemoDevices demo(MemoryRegistry registry, boolean enabled) {
        DemoDevices demo = new DemoDevices(registry, scheduler, enabled, data.resolve("osprey").resolve("demo.done"));
        demo.addDriver(driver("osprey.simulator"));
        demo.addDriver(driver("osprey.file"));
        return demo;
    }

    @Test
    void anEmptyServerGetsTheDemoDevicesOnceOnly() {
        MemoryRegistry registry = new MemoryRegistry();
        DemoDevices first = demo(registry, true);
        first.attempt();
        assertThat(first.done()).isTrue();
        assertThat(registry.devices()).extracting(DeviceDefinition::name)
                .containsExactly("Simulated camera 1", "Simulated camera 2", "Sample video");
        assertThat(registry.devices()).extracting(DeviceDefinition::type)
                .containsExactly("osprey.simulator", "osprey.simulator", "osprey.file");
        assertThat(registry.devices().get(2).configuration()).containsEntry("file", "sample.mkv");
        assertThat(data.resolve("osprey").resolve("demo.done")).isRegularFile();
        first.deactivate();

        // The user removed them all; the next start leaves it so.
        registry.devices.clear();
        DemoDevices second = demo(registry, true);
        second.attempt();
        assertThat(registry.devices()).isEmpty();
        assertThat(second.done()).isFalse();
    }

    @Test
    void aServerWithDevicesAtItsFirstStartGetsNoneAndNeverWill() throws Exception {
        MemoryRegistry registry = new MemoryRegistry();
        registry.add(new DeviceRequest("Door", "osprey.simulator", true, Map.of()));
        DemoDevices demo = demo(registry, true);
        demo.attempt();
        assertThat(registry.devices()).hasSize(1);
        assertThat(Files.readString(data.resolve("osprey").resolve("demo.done"))).contains("already had devices");
    }

    @Test
    void waitsForBothDriversAndForTheRegistryToKnowThem() {
        MemoryRegistry registry = new MemoryRegistry();
        DemoDevices demo = new DemoDevices(registry, scheduler, true, data.resolve("demo.done"));
        demo.addDriver(driver("osprey.simulator"));
        demo.attempt();
        assertThat(registry.devices()).isEmpty();
        assertThat(demo.done()).isFalse();

        demo.addDriver(driver("osprey.file"));
        registry.types = Set.of("osprey.simulator");
        demo.attempt();
        assertThat(demo.done()).isFalse();
        assertThat(registry.devices()).hasSize(2);

        registry.types = Set.of("osprey.simulator", "osprey.file");
        demo.attempt();
        assertThat(demo.done()).isTrue();
        assertThat(registry.devices()).extracting(DeviceDefinition::name)
                .containsExactly("Simulated camera 1", "Simulated camera 2", "Sample video");
    }

    @Test
    void offByDefault() {
        MemoryRegistry registry = new MemoryRegistry();
        DemoDevices demo = demo(registry, false);
        demo.attempt();
        assertThat(registry.devices()).isEmpty();
        assertThat(data.resolve("osprey").resolve("demo.done")).doesNotExist();
    }
}
