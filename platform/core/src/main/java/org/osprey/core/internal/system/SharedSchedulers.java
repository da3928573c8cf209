package org.osprey.core.internal.system;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osprey.api.scheduling.SchedulerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The platform's two shared pools: one for short tasks and timers, one for blocking I/O. */
@Component(configurationPid = "org.osprey.core.scheduler")
@Designate(ocd = SharedSchedulers.Config.class)
public class SharedSchedulers implements SchedulerService {

    @ObjectClassDefinition(name = "Osprey schedulers")
    public @interface Config {
        @AttributeDefinition(name = "Task threads", min = "1", max = "64")
        int taskThreads() default 2;

        @AttributeDefinition(name = "I/O threads", min = "1", max = "512")
        int ioThreads() default 8;
    }

    private final Logger logger = LoggerFactory.getLogger(SharedSchedulers.class);
    private final ScheduledThreadPoolExecutor tasks;
    private final ScheduledThreadPoolExecutor io;

    @Activate
    public SharedSchedulers(Config config) {
        tasks = pool("osprey-task", config.taskThreads());
        io = pool("osprey-io", config.ioThreads());
    }

    private ScheduledThreadPoolExecutor pool(String name, int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, named(name));
        // Cancelled timers must not pile up until their delay has passed.
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    private ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> logger.error("Uncaught in {}", th.getName(), e));
            return t;
        };
    }

    @Deactivate
    void shutdown() throws InterruptedException {
        tasks.shutdownNow();
        io.shutdownNow();
        tasks.awaitTermination(5, TimeUnit.SECONDS);
        io.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return tasks;
    }

    @Override
    public ScheduledExecutorService ioScheduler() {
        return io;
    }
}
