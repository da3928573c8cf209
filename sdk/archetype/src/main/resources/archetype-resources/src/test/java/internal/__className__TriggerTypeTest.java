package ${package}.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osprey.api.automation.TriggerCallback;
import org.osprey.api.automation.TriggerData;
import org.osprey.api.automation.TriggerHandler;
import org.osprey.api.scheduling.SchedulerService;
import org.osprey.sdk.test.Waiter;

class ${className}TriggerTypeTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final SchedulerService schedulers = new SchedulerService() {
        @Override
        public ScheduledExecutorService scheduler() {
            return executor;
        }

        @Override
        public ScheduledExecutorService ioScheduler() {
            return executor;
        }
    };

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    @Test
    void firesWithItsTypeAndCount() {
        List<TriggerData> fired = new CopyOnWriteArrayList<>();
        TriggerHandler handler = new ${className}TriggerType(schedulers).create(
                Map.of(${className}TriggerType.CFG_SECONDS, 1L), new TriggerCallback() {
                    @Override
                    public void activated(TriggerData data) {
                        fired.add(data);
                    }

                    @Override
                    public void deactivated(TriggerData data) {
                        fired.add(data);
                    }
                });

        Waiter.waitForAssert(() -> assertThat(fired).isNotEmpty(), Duration.ofSeconds(5));
        handler.dispose();

        assertThat(fired.get(0).sourceId()).isEqualTo(${className}TriggerType.TYPE_ID);
        assertThat(fired.get(0).values()).containsEntry("count", 1L);
    }
}
