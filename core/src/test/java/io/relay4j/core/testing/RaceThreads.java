package io.relay4j.core.testing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Two plain threads for {@code RaceTestUtils.race}: a scheduler made from an executor, so a virtual-time
 * scheduler installed for the router (which replaces Reactor's shared and new schedulers) does not turn the
 * race into two calls on one thread. Threads are not marked non-blocking: the race's own waiting is allowed.
 */
public final class RaceThreads implements AutoCloseable {

    private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "race");
        thread.setDaemon(true);
        return thread;
    });
    private final Scheduler scheduler = Schedulers.fromExecutorService(threads, "race");

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.dispose();
        threads.shutdownNow();
    }
}
