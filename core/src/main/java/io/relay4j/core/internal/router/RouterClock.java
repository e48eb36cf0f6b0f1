package io.relay4j.core.internal.router;

import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Schedulers;

/**
 * The router's single time source: the parallel scheduler's clock, which is {@code System.nanoTime()} in
 * production and the virtual clock under {@code VirtualTimeScheduler}, so tests drive cooldowns, backoffs
 * and timeouts without sleeping. Looked up on every read because a test may install the virtual scheduler
 * after the router was built.
 */
public final class RouterClock {

    private RouterClock() {
    }

    /** Monotonic nanoseconds; compare two readings by subtracting them, never directly. */
    public static long nanos() {
        return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
    }
}
