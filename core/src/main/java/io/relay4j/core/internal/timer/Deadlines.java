package io.relay4j.core.internal.timer;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where the router's deadlines and delays run: on a shared {@link TimerWheel} when
 * {@link Schedulers#parallel()} is Reactor's own parallel scheduler, else on {@link Schedulers#parallel()}
 * itself. The rule is applied on every call, because the parallel scheduler is looked up per subscription:
 * <ul>
 *   <li>Reactor's own parallel scheduler (the one {@link Schedulers.Factory}'s default
 *       {@code newParallel} makes, whatever thread count or executor decorators it has): its clock is the
 *       system clock, so the wheel keeps the same time at a fraction of the cost. Due tasks are handed to
 *       that parallel scheduler, so they run on its threads as before, never on the caller's thread or
 *       the wheel's; {@link Schedulers#onSchedule schedule hooks} are applied when the timer is armed.</li>
 *   <li>Anything else, such as reactor-test's {@code VirtualTimeScheduler} installed by
 *       {@code StepVerifier.withVirtualTime} or a scheduler an application's {@link Schedulers#setFactory
 *       factory} made: the task is scheduled on it, so its clock (virtual time) decides when the task runs.</li>
 * </ul>
 * The wheel ticks every {@link #TICK_MILLIS} ms: deadlines are seconds long and hedge delays tens of
 * milliseconds, so a task may run up to that much late, and the ticker wakes at most 200 times a second,
 * and only while a timer is armed. Its thread ends once no timer has been armed for
 * {@link TimerWheel#DEFAULT_IDLE_LINGER_NANOS a second} (the last router closed, or nothing uses the library)
 * and starts again with the next timer; a due task is never dropped, not even when
 * {@link Schedulers#parallel()} has been disposed (it then runs on the ticker thread).
 */
public final class Deadlines {

    /** The wheel's resolution. */
    public static final long TICK_MILLIS = 5;

    private static final Class<?> REACTOR_PARALLEL = reactorParallelType();
    private static final TimerWheel WHEEL = new TimerWheel(TICK_MILLIS, TimeUnit.MILLISECONDS, 512, "relay4j-timer",
            task -> Schedulers.parallel().schedule(task));

    private Deadlines() {
    }

    /** Somewhere to run tasks after a delay, and the clock it keeps: the wheel, or a replaced parallel scheduler. */
    public interface Timer {

        /** Runs {@code task} after {@code delay} unless the returned handle is disposed first. */
        Disposable schedule(Runnable task, long delay, TimeUnit unit);

        /** This timer's clock in nanoseconds (the virtual clock under virtual time); compare by subtracting. */
        long nanos();
    }

    private static final Timer WHEEL_TIMER = new Timer() {
        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            return WHEEL.schedule(Schedulers.onSchedule(task), unit.toNanos(delay));
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }
    };

    /** Runs {@code task} after {@code delay}, on the wheel or on the replaced parallel scheduler (see the class). */
    public static Disposable schedule(Runnable task, long delay, TimeUnit unit) {
        return current().schedule(task, delay, unit);
    }

    /** The longest delay armed: a century is "never" for a router, and adding it to a clock cannot overflow. */
    private static final Duration LONGEST = Duration.ofDays(36_525);

    /** {@code delay} in nanoseconds, capped at a century, so a deadline of "forever" neither overflows nor wraps. */
    public static long nanos(Duration delay) {
        return delay.compareTo(LONGEST) > 0 ? LONGEST.toNanos() : delay.toNanos();
    }

    /**
     * Emits {@code 0} after {@code delay} from each subscription, timed as {@link #schedule} times tasks (the
     * timer is picked at subscription); cancelling the subscription disarms the timer. What {@code Mono.delay}
     * is on the parallel scheduler, for the router's deadlines and waits inside operator chains.
     */
    public static Mono<Long> delay(Duration delay) {
        long nanos = nanos(delay);
        return Mono.create(sink -> sink.onDispose(schedule(() -> sink.success(0L), nanos, TimeUnit.NANOSECONDS)));
    }

    /**
     * The timer the class's rule picks now; an operator that arms several timers per subscription looks it up
     * once, when subscribed, as it would look up {@link Schedulers#parallel()}.
     */
    public static Timer current() {
        Scheduler parallel = Schedulers.parallel();
        return isReactorParallel(parallel) ? WHEEL_TIMER : new SchedulerTimer(parallel);
    }

    /** A replaced parallel scheduler as a {@link Timer}. */
    private record SchedulerTimer(Scheduler scheduler) implements Timer {

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            return scheduler.schedule(task, delay, unit);
        }

        @Override
        public long nanos() {
            return scheduler.now(TimeUnit.NANOSECONDS);
        }
    }

    /** True when {@code scheduler} (or the scheduler it caches) is Reactor's own parallel scheduler. */
    static boolean isReactorParallel(Scheduler scheduler) {
        Object underlying = scheduler instanceof Supplier<?> cached ? cached.get() : scheduler;
        return underlying != null && underlying.getClass() == REACTOR_PARALLEL;
    }

    /** The shared wheel, for tests. */
    static TimerWheel wheel() {
        return WHEEL;
    }

    /** The class Reactor's default factory makes parallel schedulers of, found through its public API. */
    private static Class<?> reactorParallelType() {
        ThreadFactory unused = runnable -> {
            throw new IllegalStateException("the probe scheduler must never start a thread");
        };
        Scheduler probe = new Schedulers.Factory() { }.newParallel(1, unused);
        try {
            return probe.getClass();
        } finally {
            probe.dispose();
        }
    }
}
