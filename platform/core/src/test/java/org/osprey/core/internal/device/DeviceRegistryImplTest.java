package org.osprey.core.internal.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osprey.sdk.test.TestSchedulers;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.api.config.ConfigDescription;
import org.osprey.api.config.ConfigParameter;
import org.osprey.api.config.InvalidConfigurationException;
import org.osprey.api.device.DeviceContext;
import org.osprey.api.device.DeviceDefinition;
import org.osprey.api.device.DeviceDriver;
import org.osprey.api.device.DeviceHandler;
import org.osprey.api.device.DeviceNotFoundException;
import org.osprey.api.device.DeviceRequest;
import org.osprey.api.device.DeviceStatus;
import org.osprey.api.event.EventProperties;
import org.osprey.api.event.EventPublisher;
import org.osprey.api.event.EventTopics;
import org.osprey.api.event.OspreyEvent;
import org.osprey.api.plugin.PluginDescription;
import org.osprey.api.storage.DatabaseService;
import org.osprey.sdk.test.Waiter;
import org.osprey.storage.h2.internal.H2DatabaseService;
import org.osprey.storage.h2.internal.TestDatabases;

/** The registry on a real H2 file database, with a driver that records what the platform asks of it. */
class DeviceRegistryImplTest {

    @TempDir
    Path dir;

    private final List<OspreyEvent> events = new CopyOnWriteArrayList<>();
    private final EventPublisher publisher = (topic, properties) -> events.add(
            new OspreyEvent(topic, java.time.Instant.now(), properties));
    private final RecordingDriver driver = new RecordingDriver();
    private TestSchedulers schedulers;
    private DatabaseService database;

    @BeforeEach
    void setUp() throws Exception {
        schedulers = new TestSchedulers();
        database = openDatabase();
    }

    private DatabaseService openDatabase() throws Exception {
        return TestDatabases.inFolder(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        ((H2DatabaseService) database).close();
        schedulers.close();
    }

    private DeviceRegistryImpl registry() throws Exception {
        DeviceRegistryImpl registry = new DeviceRegistryImpl(database, publisher, schedulers);
        registry.addDriver(driver);
        return registry;
    }

    @Test
    void addedDevicesAreStoredAndStartedAgainByANewRegistry() throws Exception {
        DeviceRegistryImpl first = registry();
        DeviceDefinition added = first.add(new DeviceRequest("Gate", "test.camera", null,
                Map.of("address", "10.0.0.7", "fps", 12, "password", "pw")));
        assertThat(added.configuration()).containsEntry("fps", 12L).containsEntry("password", "pw");
        Waiter.waitForAssert(() -> assertThat(first.status(added.id()).status()).isEqualTo(DeviceStatus.OK),
                Duration.ofSeconds(5));
        first.deactivate();
        assertThat(driver.disposed).hasSize(1);

        DeviceRegistryImpl second = registry();
        assertThat(second.devices()).containsExactly(added);
        Waiter.waitForAssert(() -> assertThat(second.status(added.id()).status()).isEqualTo(DeviceStatus.OK),
                Duration.ofSeconds(5));
        assertThat(driver.created).hasSize(2);
    }

    @Test
    void invalidRequestsStoreNothingAndNameEveryField() throws Exception {
        DeviceRegistryImpl registry = registry();
        assertThatThrownBy(() -> registry.add(new DeviceRequest(" ", "test.camera", true, Map.of("fps", 0))))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.fieldErrors())
                        .containsKeys("name", "configuration.address", "configuration.fps"));
        assertThatThrownBy(() -> registry.add(new DeviceRequest("x", "no.such.type", true, Map.of())))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.fieldErrors().get("type")).startsWith("unknown device type"));
        assertThat(registry.devices()).isEmpty();
        assertThat(registry().devices()).isEmpty();
        assertThat(driver.created).isEmpty();
    }

    @Test
    void devicesWaitWhileTheirDriverIsAwayAndStartWhenItReturns() throws Exception {
        DeviceRegistryImpl registry = registry();
        String id = registry.add(new DeviceRequest("Gate", "test.camera", true, Map.of("address", "a"))).id();
        registry.removeDriver(driver);
        assertThat(registry.status(id).status()).isEqualTo(DeviceStatus.DRIVER_MISSING);
        assertThat(registry.device(id)).isPresent();
        assertThat(driver.disposed).hasSize(1);

        registry.addDriver(driver);
        Waiter.waitForAssert(() -> assertThat(registry.status(id).status()).isEqualTo(DeviceStatus.OK),
                Duration.ofSeconds(5));
        assertThat(events).anySatisfy(e -> {
            assertThat(e.topic()).isEqualTo(EventTopics.DEVICE_STATUS);
            assertThat(e.properties()).containsEntry(EventProperties.DEVICE_ID, id)
                    .containsEntry(EventProperties.STATUS, "DRIVER_MISSING");
        });
    }

    @Test
    void updatesKeepStoredPasswordsAndRestartTheHandlerOnlyWhenNeeded() throws Exception {
        DeviceRegistryImpl registry = registry();
        String id = registry.add(new DeviceRequest("Gate", "test.camera", true,
                Map.of("address", "a", "password", "secret"))).id();
        registry.update(id, new DeviceRequest("Front gate", null, null, null));
        assertThat(driver.created).hasSize(1);

        DeviceDefinition changed = registry.update(id, new DeviceRequest(null, null, null, Map.of("address", "b")));
        assertThat(changed.configuration()).containsEntry("address", "b").containsEntry("password", "secret");
        assertThat(changed.name()).isEqualTo("Front gate");
        assertThat(driver.created).hasSize(2);

        registry.setEnabled(id, false);
        assertThat(registry.status(id).status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(driver.disposed).hasSize(2);
    }

    @Test
    void removedDevicesAreGoneForGood() throws Exception {
        DeviceRegistryImpl registry = registry();
        String id = registry.add(new DeviceRequest("Gate", "test.camera", true, Map.of("address", "a"))).id();
        registry.remove(id);
        assertThatThrownBy(() -> registry.status(id)).isInstanceOf(DeviceNotFoundException.class);
        assertThatThrownBy(() -> registry.remove(id)).isInstanceOf(DeviceNotFoundException.class);
        assertThat(registry().device(id)).isEmpty();
        assertThat(events).extracting(OspreyEvent::topic).contains(EventTopics.DEVICE_ADDED, EventTopics.DEVICE_REMOVED);
    }

    @Test
    void aHandlerThatFailsToStartMakesTheDeviceNotAccessible() throws Exception {
        DeviceRegistryImpl registry = registry();
        String id = registry.add(new DeviceRequest("Broken", "test.camera", true,
                Map.of("address", "explode"))).id();
        assertThat(registry.status(id).status()).isEqualTo(DeviceStatus.NOT_ACCESSIBLE);
        assertThat(registry.status(id).message()).contains("boom");
    }

    /** A driver whose handlers go OK at once, and explode for the address "explode". */
    static final class RecordingDriver implements DeviceDriver {
        final List<DeviceContext> created = new CopyOnWriteArrayList<>();
        final List<DeviceContext> disposed = new CopyOnWriteArrayList<>();

        @Override
        public PluginDescription describe() {
            return new PluginDescription("test.camera", "Test camera", "", ConfigDescription.of(
                    ConfigParameter.text("address", "Address", true),
                    ConfigParameter.integer("fps", "Frame rate", 25, 1, 60),
                    ConfigParameter.password("password", "Password", false)));
        }

        @Override
        public DeviceHandler createHandler(DeviceContext context) {
            created.add(context);
            return new DeviceHandler() {
                @Override
                public void initialize() {
                    if ("explode".equals(context.device().configuration().get("address"))) {
                        throw new IllegalStateException("boom");
                    }
                    context.scheduler().execute(() -> context.updateStatus(DeviceStatus.OK, ""));
                }

                @Override
                public void dispose() {
                    disposed.add(context);
                }
            };
        }
    }
}
