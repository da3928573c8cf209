package org.osprey.api.scheduling;

import java.util.concurrent.ScheduledExecutorService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's shared thread pools. Bundles never create threads: they schedule work here and cancel
 * their futures when deactivated. Callers never shut the returned executors down.
 */
@ProviderType
public interface SchedulerService {

    /** The pool for short, non-blocking tasks and timers. */
    ScheduledExecutorService scheduler();

    /** The pool for work that blocks on I/O (device connections, file scans). */
    ScheduledExecutorService ioScheduler();
}
