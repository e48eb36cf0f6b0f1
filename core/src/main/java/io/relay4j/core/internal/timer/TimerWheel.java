package io.relay4j.core.internal.timer;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import reactor.core.Disposable;

/**
 * A hashed timer wheel: arming and cancelling a timer are one compare-and-set each, without a lock, a
 * thread wake-up or any allocation besides the timer itself; one daemon thread, started when a timer is
 * armed, advances the wheel a tick at a time and hands each due task to a dispatcher.
 *
 * <p>Guarantees: a task never runs before its delay has passed and runs at most about one tick after it
 * (later only when the ticker is starved); a cancelled task never runs, and a due task is never dropped (one
 * the dispatcher rejects, as a disposed scheduler does, runs on the ticker thread instead); a cancelled timer
 * is dropped from the wheel within one tick, so memory holds only the timers still armed, however long their
 * delays. While no timer is armed the thread sleeps without ticking, and once none has been armed for the
 * idle linger it ends: a library nobody uses leaves no thread behind (an application server that redeploys
 * would otherwise leak the class loader), and the next timer armed starts a new one. The linger keeps a
 * lightly loaded router from starting a thread per request.
 *
 * <p>Why a wheel: the router arms a deadline per request and per attempt and almost always cancels it
 * unfired. A {@code ScheduledThreadPoolExecutor} (Reactor's parallel scheduler) takes a lock on its delay
 * queue for each, and often wakes a worker, a system call per request; here the cost is a CAS on an
 * intrusive stack that the ticker drains once per tick.
 */
public final class TimerWheel {

    private static final AtomicReferenceFieldUpdater<TimerWheel, Timer> ARMED =
            AtomicReferenceFieldUpdater.newUpdater(TimerWheel.class, Timer.class, "armed");
    private static final AtomicReferenceFieldUpdater<TimerWheel, Timer> CANCELLED =
            AtomicReferenceFieldUpdater.newUpdater(TimerWheel.class, Timer.class, "cancelled");

    private static final long LONGEST_DELAY_NANOS = TimeUnit.DAYS.toNanos(36_500);

    /** How long an idle ticker waits for a new timer before its thread ends, unless told otherwise. */
    public static final long DEFAULT_IDLE_LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long tickNanos;
    private final Timer[] buckets;
    private final int mask;
    private final String threadName;
    private final Consumer<Runnable> dispatcher;
    private final long idleLingerNanos;
    private final AtomicReference<Thread> ticker = new AtomicReference<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final long origin = System.nanoTime();
    private volatile Timer armed;
    private volatile Timer cancelled;
    private volatile boolean idle;

    /**
     * @param tick       the wheel's resolution: how late at most a task may run
     * @param wheelSize  buckets per turn of the wheel, rounded up to a power of two
     * @param threadName the name of the ticker thread
     * @param dispatcher runs a due task; called on the ticker thread, so it should hand the task on rather
     *                   than run anything long itself
     */
    public TimerWheel(long tick, TimeUnit unit, int wheelSize, String threadName, Consumer<Runnable> dispatcher) {
        this(tick, unit, wheelSize, threadName, dispatcher, DEFAULT_IDLE_LINGER_NANOS);
    }

    /**
     * As {@link #TimerWheel(long, TimeUnit, int, String, Consumer)}, with the time the ticker thread waits
     * without any timer armed before it ends.
     */
    public TimerWheel(long tick, TimeUnit unit, int wheelSize, String threadName, Consumer<Runnable> dispatcher,
                      long idleLingerNanos) {
        this.tickNanos = unit.toNanos(tick);
        if (idleLingerNanos < 0) {
            throw new IllegalArgumentException("the idle linger must not be negative, got " + idleLingerNanos + " ns");
        }
        this.idleLingerNanos = idleLingerNanos;
        if (tickNanos < TimeUnit.MILLISECONDS.toNanos(1) || wheelSize < 1 || wheelSize > 1 << 16) {
            throw new IllegalArgumentException("tick must be at least 1 ms and the wheel 1 to 65536 buckets");
        }
        int size = Integer.highestOneBit(wheelSize - 1 == 0 ? 1 : (wheelSize - 1) << 1);
        this.buckets = new Timer[size];
        this.mask = size - 1;
        this.threadName = threadName;
        this.dispatcher = dispatcher;
    }

    /** Runs {@code task} (through the dispatcher) once {@code delayNanos} have passed, unless cancelled first. */
    public Disposable schedule(Runnable task, long delayNanos) {
        // capped so that the deadline cannot overflow: a century is "never" for a router
        long delay = Math.min(Math.max(0, delayNanos), LONGEST_DELAY_NANOS);
        Timer timer = new Timer(this, task, System.nanoTime() - origin + delay);
        pending.incrementAndGet();
        Timer head;
        do {
            head = armed;
            timer.nextArmed = head;
        } while (!ARMED.compareAndSet(this, head, timer));
        Thread thread = ticker.get();
        if (thread == null) {
            start();
        } else if (idle) {
            LockSupport.unpark(thread);
        }
        return timer;
    }

    /** The timers armed and not yet run or cancelled (cancelled ones leave the count at once). */
    public int pending() {
        return pending.get();
    }

    private void start() {
        Thread thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        if (ticker.compareAndSet(null, thread)) {
            thread.start();
        }
    }

    private void cancelled(Timer timer, boolean placed) {
        pending.decrementAndGet();
        if (!placed) {
            return;
        }
        Timer head;
        do {
            head = cancelled;
            timer.nextCancelled = head;
        } while (!CANCELLED.compareAndSet(this, head, timer));
    }

    /** The ticker thread now, if one runs (for tests). */
    Thread ticker() {
        return ticker.get();
    }

    private void run() {
        idle = false;
        long tick = (System.nanoTime() - origin) / tickNanos;
        for (;;) {
            long tickEnd = (tick + 1) * tickNanos;
            long now;
            while ((now = System.nanoTime() - origin) < tickEnd) {
                LockSupport.parkNanos(this, tickEnd - now);
            }
            dropCancelled();
            placeArmed(tick);
            expire(tick, now);
            tick++;
            if (pending.get() == 0 && armed == null) {
                dropCancelled();
                if (!lingerUntilArmed()) {
                    return;
                }
                tick = (System.nanoTime() - origin) / tickNanos;
            }
        }
    }

    /**
     * Parks until a timer is armed, for at most the idle linger; false when this thread is to end. A timer
     * armed while it gives up either is seen here (and this thread goes on, unless a new one took over) or
     * finds no ticker and starts one: {@link #schedule} publishes the timer before it looks for the ticker.
     */
    private boolean lingerUntilArmed() {
        idle = true;
        long until = System.nanoTime() + idleLingerNanos;
        long left;
        while (armed == null && (left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
        if (armed == null) {
            Thread self = Thread.currentThread();
            ticker.compareAndSet(self, null);
            if (armed == null || !ticker.compareAndSet(null, self)) {
                return false;
            }
        }
        idle = false;
        return true;
    }

    private void dropCancelled() {
        Timer timer = CANCELLED.getAndSet(this, null);
        while (timer != null) {
            Timer next = timer.nextCancelled;
            timer.nextCancelled = null;
            if (timer.bucket >= 0) {
                unlink(timer);
            }
            timer = next;
        }
    }

    private void placeArmed(long currentTick) {
        Timer timer = ARMED.getAndSet(this, null);
        while (timer != null) {
            Timer next = timer.nextArmed;
            timer.nextArmed = null;
            if (timer.place()) {
                // the first tick ending at or after the deadline; never one already processed
                long due = Math.max(currentTick, (timer.deadline + tickNanos - 1) / tickNanos - 1);
                timer.rounds = (due - currentTick) / buckets.length;
                int index = (int) (due & mask);
                timer.bucket = index;
                timer.next = buckets[index];
                if (timer.next != null) {
                    timer.next.previous = timer;
                }
                buckets[index] = timer;
            }
            timer = next;
        }
    }

    private void expire(long tick, long now) {
        Timer timer = buckets[(int) (tick & mask)];
        while (timer != null) {
            Timer next = timer.next;
            if (timer.rounds > 0) {
                timer.rounds--;
            } else if (timer.deadline <= now) {
                unlink(timer);
                if (timer.fire()) {
                    pending.decrementAndGet();
                    dispatch(timer.task);
                }
            }
            timer = next;
        }
    }

    private void dispatch(Runnable task) {
        try {
            dispatcher.accept(task);
        } catch (RejectedExecutionException rejected) {
            // the scheduler tasks go to is disposed (an application shutting Reactor down): a deadline that
            // never fires would leave its request hanging, so it runs here
            runHere(task);
        } catch (RuntimeException | Error failure) {
            uncaught(failure);
        }
    }

    private static void runHere(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error failure) {
            uncaught(failure);
        }
    }

    private static void uncaught(Throwable failure) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, failure);
    }

    private void unlink(Timer timer) {
        if (timer.previous != null) {
            timer.previous.next = timer.next;
        } else {
            buckets[timer.bucket] = timer.next;
        }
        if (timer.next != null) {
            timer.next.previous = timer.previous;
        }
        timer.previous = null;
        timer.next = null;
        timer.bucket = -1;
    }

    /**
     * One armed task; its links are touched by the ticker thread only. A timer cancelled before the ticker
     * placed it in a bucket is simply skipped when the ticker comes to it; only a placed one is queued for
     * removal, so the common arm-then-cancel within a tick costs the ticker one look.
     */
    private static final class Timer implements Disposable {

        static final int ARMED = 0;
        static final int PLACED = 1;
        static final int FIRED = 2;
        static final int CANCELLED = 3;
        private static final AtomicIntegerFieldUpdater<Timer> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Timer.class, "state");

        final TimerWheel wheel;
        final Runnable task;
        final long deadline;
        volatile int state;
        Timer nextArmed;
        Timer nextCancelled;
        Timer next;
        Timer previous;
        long rounds;
        int bucket = -1;

        Timer(TimerWheel wheel, Runnable task, long deadline) {
            this.wheel = wheel;
            this.task = task;
            this.deadline = deadline;
        }

        /** The ticker takes an armed timer into a bucket; false when it was cancelled meanwhile. */
        boolean place() {
            return STATE.compareAndSet(this, ARMED, PLACED);
        }

        boolean fire() {
            return STATE.compareAndSet(this, PLACED, FIRED);
        }

        @Override
        public void dispose() {
            for (;;) {
                int current = state;
                if (current == FIRED || current == CANCELLED) {
                    return;
                }
                if (STATE.compareAndSet(this, current, CANCELLED)) {
                    wheel.cancelled(this, current == PLACED);
                    return;
                }
            }
        }

        @Override
        public boolean isDisposed() {
            return state >= FIRED;
        }
    }
}
