package io.relay4j.core.internal.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class TimerWheelTest {

    private static final AtomicInteger WHEELS = new AtomicInteger();

    private final String name = "test-wheel-" + WHEELS.incrementAndGet();
    private final Queue<String> threads = new ConcurrentLinkedQueue<>();
    private final TimerWheel wheel = new TimerWheel(1, TimeUnit.MILLISECONDS, 8, name, task -> {
        threads.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " daemon" : ""));
        task.run();
    });

    @Test
    void dueTasksRunInDeadlineOrderOnTheWheelsDaemonThreadNotTheCallers() throws InterruptedException {
        Queue<String> order = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(3);
        wheel.schedule(() -> { order.add("late"); done.countDown(); }, ms(60));
        wheel.schedule(() -> { order.add("early"); done.countDown(); }, ms(10));
        wheel.schedule(() -> { order.add("middle"); done.countDown(); }, ms(35));

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(order).containsExactly("early", "middle", "late");
        assertThat(threads).containsOnly(name + " daemon");
        assertThat(wheel.pending()).isZero();
    }

    @Test
    void aTaskNeverRunsBeforeItsDelayEvenAcrossSeveralTurnsOfTheWheel() throws InterruptedException {
        // 8 buckets of 1 ms: 30 ms is almost four turns
        long armedAt = System.nanoTime();
        AtomicInteger ranAfterNanos = new AtomicInteger(-1);
        CountDownLatch done = new CountDownLatch(1);
        wheel.schedule(() -> {
            ranAfterNanos.set((int) (System.nanoTime() - armedAt));
            done.countDown();
        }, ms(30));

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ranAfterNanos.get()).isGreaterThanOrEqualTo((int) ms(30));
    }

    @Test
    void aCancelledTaskNeverRunsAndLeavesTheCountAtOnce() throws InterruptedException {
        AtomicInteger cancelledRuns = new AtomicInteger();
        CountDownLatch later = new CountDownLatch(1);
        Disposable cancelled = wheel.schedule(cancelledRuns::incrementAndGet, ms(5));
        wheel.schedule(later::countDown, ms(40));

        cancelled.dispose();
        cancelled.dispose();

        assertThat(cancelled.isDisposed()).isTrue();
        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledRuns).hasValue(0);
        assertThat(wheel.pending()).isZero();
    }

    @Test
    void manyTimersArmedFromSeveralThreadsRunExactlyOnceUnlessCancelled() throws InterruptedException {
        int perThread = 5_000;
        int[] runs = new int[4 * perThread];
        CountDownLatch kept = new CountDownLatch(2 * perThread);
        List<Thread> armers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * perThread;
            Thread armer = new Thread(() -> {
                Random random = new Random(base);
                for (int i = 0; i < perThread; i++) {
                    int slot = base + i;
                    boolean cancelled = slot % 2 == 1;
                    // a timer to be cancelled is due far later than its cancel: with a delay of a few ms it could
                    // rightly run first whenever this thread is descheduled between arming and cancelling it
                    long delay = random.nextInt(40) + (cancelled ? 5_000 : 0);
                    Disposable timer = wheel.schedule(() -> {
                        synchronized (runs) {
                            runs[slot]++;
                        }
                        kept.countDown();
                    }, ms(delay));
                    if (cancelled) {
                        timer.dispose();
                    }
                }
            });
            armers.add(armer);
            armer.start();
        }
        for (Thread armer : armers) {
            armer.join();
        }

        assertThat(kept.await(10, TimeUnit.SECONDS)).isTrue();
        synchronized (runs) {
            for (int slot = 0; slot < runs.length; slot++) {
                assertThat(runs[slot]).as("runs of timer %d", slot).isEqualTo(slot % 2 == 0 ? 1 : 0);
            }
        }
        assertThat(wheel.pending()).isZero();
    }

    @Test
    void aWheelThatWentIdleWakesForTheNextTimerWithOneThreadOnly() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        wheel.schedule(first::countDown, ms(1));
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch second = new CountDownLatch(1);
        wheel.schedule(second::countDown, ms(20));

        assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
        long tickers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name)).count();
        assertThat(tickers).isEqualTo(1);
    }

    @Test
    void aDelayTooLongToAddToTheClockIsNeverRatherThanAtOnce() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch later = new CountDownLatch(1);
        Disposable never = wheel.schedule(runs::incrementAndGet, Long.MAX_VALUE);
        wheel.schedule(later::countDown, ms(20));

        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
        never.dispose();
    }

    @Test
    void aFailingDispatchDoesNotStopTheWheel() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        TimerWheel failing = new TimerWheel(1, TimeUnit.MILLISECONDS, 8, "test-wheel-failing", Runnable::run);
        failing.schedule(() -> {
            throw new IllegalStateException("a broken task");
        }, ms(1));
        failing.schedule(done::countDown, ms(20));

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anIdleWheelsThreadEndsAfterTheLingerAndTheNextTimerStartsANewOne() throws InterruptedException {
        String idleName = name + "-idle";
        TimerWheel lingering = new TimerWheel(1, TimeUnit.MILLISECONDS, 8, idleName, Runnable::run, ms(20));
        CountDownLatch first = new CountDownLatch(1);
        lingering.schedule(first::countDown, ms(1));
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        Thread firstTicker = lingering.ticker();
        assertThat(firstTicker).isNotNull();

        firstTicker.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(firstTicker.isAlive()).isFalse();
        assertThat(lingering.ticker()).isNull();
        assertThat(threadsNamed(idleName)).isZero();

        CountDownLatch second = new CountDownLatch(1);
        lingering.schedule(second::countDown, ms(5));
        assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lingering.ticker()).isNotSameAs(firstTicker);
    }

    @Test
    void aTimerArmedWhileTheThreadGivesUpStillRuns() throws InterruptedException {
        // no linger: the thread ends after every task, racing the next schedule each round
        TimerWheel eager = new TimerWheel(1, TimeUnit.MILLISECONDS, 8, name + "-eager", Runnable::run, 0);
        for (int round = 0; round < 300; round++) {
            CountDownLatch ran = new CountDownLatch(1);
            eager.schedule(ran::countDown, 0);
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("round %d", round).isTrue();
        }
        assertThat(eager.pending()).isZero();
    }

    @Test
    void aTaskTheDispatcherRejectsRunsOnTheTickerInsteadOfBeingDropped() throws InterruptedException {
        // Schedulers.parallel() disposed rejects every task: a deadline must fire all the same
        TimerWheel rejecting = new TimerWheel(1, TimeUnit.MILLISECONDS, 8, name + "-rejecting", task -> {
            throw new java.util.concurrent.RejectedExecutionException("disposed");
        });
        CountDownLatch done = new CountDownLatch(1);
        rejecting.schedule(done::countDown, ms(5));

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(rejecting.pending()).isZero();
    }

    private static long threadsNamed(String threadName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(threadName) && thread.isAlive()).count();
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
