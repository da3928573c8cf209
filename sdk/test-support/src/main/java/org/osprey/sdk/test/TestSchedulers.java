package org.osprey.sdk.test;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.osprey.api.scheduling.SchedulerService;

/** The platform's shared schedulers for unit tests; {@link #close()} stops their threads. */
public final class TestSchedulers implements SchedulerService, AutoCloseable {

    private final ScheduledThreadPoolExecutor tasks = pool(1);
    private final ScheduledThreadPoolExecutor io = pool(2);

    /** Like the platform's pools, cancelled jobs leave the queue at once. */
    private static ScheduledThreadPoolExecutor pool(int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads);
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return tasks;
    }

    @Override
    public ScheduledExecutorService ioScheduler() {
        return io;
    }

    @Override
    public void close() {
        tasks.shutdownNow();
        io.shutdownNow();
    }
}
