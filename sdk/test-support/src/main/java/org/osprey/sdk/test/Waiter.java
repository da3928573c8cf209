package org.osprey.sdk.test;

import java.time.Duration;

/** Waits for an asynchronous outcome without fixed sleeps. */
public final class Waiter {

    private Waiter() {
    }

    /**
     * Retries an assertion until it passes or the timeout elapses, then rethrows its last failure.
     *
     * @param assertion code that throws {@link AssertionError} while the outcome is not there yet
     * @param timeout   how long to keep trying
     */
    public static void waitForAssert(Runnable assertion, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
