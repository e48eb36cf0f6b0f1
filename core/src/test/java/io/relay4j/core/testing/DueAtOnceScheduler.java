package io.relay4j.core.testing;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A parallel scheduler on which every delay is already over: a task scheduled with any delay runs at once,
 * on the thread that scheduled it. Installed in place of {@link Schedulers#parallel()}, it makes the router's
 * timers ({@code Deadlines}) fire inside the call that arms them, so a test reaches the path behind a timer
 * (a hedge starting, a hold-back ending) deterministically and without waiting, which the Reactive Streams
 * TCK's real-time checks need. Virtual time cannot do this there: nobody advances it while the TCK runs.
 */
public final class DueAtOnceScheduler implements Scheduler {

    private DueAtOnceScheduler() {
    }

    /** Replaces {@link Schedulers#parallel()} until {@link #uninstall()}. */
    public static void install() {
        Schedulers.setFactory(new Schedulers.Factory() {
            @Override
            public Scheduler newParallel(int parallelism, ThreadFactory threadFactory) {
                return new DueAtOnceScheduler();
            }
        });
    }

    public static void uninstall() {
        Schedulers.resetFactory();
    }

    @Override
    public Disposable schedule(Runnable task) {
        task.run();
        return Disposables.disposed();
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return schedule(task);
    }

    @Override
    public Worker createWorker() {
        return Schedulers.immediate().createWorker();
    }
}
