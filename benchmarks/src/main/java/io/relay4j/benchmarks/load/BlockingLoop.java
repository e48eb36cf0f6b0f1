package io.relay4j.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link ClosedLoop} for blocking clients: {@code concurrency} platform threads, each making its next call when
 * the previous one returned, counted and timed by the same rules.
 */
public final class BlockingLoop {

    private BlockingLoop() {
    }

    public static ClosedLoop.Result run(int concurrency, Duration warmup, Duration measured, Callable<?> call,
                                        LatencyRecorder recorder) throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        AtomicLong answered = new AtomicLong();
        long cpuBefore = ProcessCpu.nanos();
        Thread[] callers = new Thread[concurrency];
        for (int i = 0; i < concurrency; i++) {
            callers[i] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        call.call();
                        answered.incrementAndGet();
                        long done = System.nanoTime();
                        if (done >= measureFrom && done <= end) {
                            completed.incrementAndGet();
                            recorder.record(done - start);
                        }
                    } catch (Exception error) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, error);
                    }
                }
            }, "blocking-caller-" + i);
            callers[i].start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        double cpuPerCall = (ProcessCpu.nanos() - cpuBefore) / 1e3 / Math.max(1, answered.get());
        return new ClosedLoop.Result(concurrency, completed.get(), errors.get(), measured, firstError.get(), cpuPerCall);
    }
}
