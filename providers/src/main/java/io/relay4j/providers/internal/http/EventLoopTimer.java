package io.relay4j.providers.internal.http;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A timer for per-call deadlines: a delayed task scheduled from a Netty event loop (where reactor-netty
 * subscribes most calls: the thread that completed the previous one) goes on that loop's own timer queue,
 * which takes no lock and wakes no thread, and is cancelled there just as cheaply when the call ends first.
 * From any other thread, or on a loop that is shutting down, it falls back to {@code Schedulers.parallel()}
 * (looked up per call, so virtual time in tests still drives it). Immediate tasks and workers are
 * {@code Schedulers.parallel()}'s.
 */
final class EventLoopTimer implements Scheduler {

    static final Scheduler INSTANCE = new EventLoopTimer();

    private EventLoopTimer() {
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop != null && !loop.isShuttingDown()) {
            try {
                return new LoopTask(loop.schedule(task, delay, unit));
            } catch (RejectedExecutionException closing) {
                // the loop stopped between the check and the schedule: use the shared timer instead
            }
        }
        return Schedulers.parallel().schedule(task, delay, unit);
    }

    @Override
    public Disposable schedule(Runnable task) {
        return Schedulers.parallel().schedule(task);
    }

    @Override
    public long now(TimeUnit unit) {
        return Schedulers.parallel().now(unit);
    }

    @Override
    public Worker createWorker() {
        return Schedulers.parallel().createWorker();
    }

    /** A task on an event loop's timer queue; cancelling it on its loop just removes it from the queue. */
    private static final class LoopTask implements Disposable {

        private final Future<?> future;

        LoopTask(Future<?> future) {
            this.future = future;
        }

        @Override
        public void dispose() {
            future.cancel(false);
        }

        @Override
        public boolean isDisposed() {
            return future.isDone();
        }
    }
}
