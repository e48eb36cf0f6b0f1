package io.relay4j.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A closed-loop load: {@code concurrency} callers, each starting its next call when the previous one answered,
 * for a warm-up and then a measured window. A call is counted (and its latency recorded) when it completes
 * inside the measured window; calls still running at its end are not counted.
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    public static Result run(int concurrency, Duration warmup, Duration measured, Supplier<Mono<?>> call,
                      LatencyRecorder recorder) {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        AtomicLong completed = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        long cpuBefore = ProcessCpu.nanos();
        Flux.range(0, concurrency)
                .flatMap(caller -> Mono.defer(() -> timed(call, recorder, measureFrom, end, completed, errors, firstError))
                        .doOnNext(answer -> answered.incrementAndGet())
                        .repeat(() -> System.nanoTime() < end), concurrency)
                .blockLast(warmup.plus(measured).plusSeconds(60));
        double cpuPerCall = (ProcessCpu.nanos() - cpuBefore) / 1e3 / Math.max(1, answered.get());
        return new Result(concurrency, completed.get(), errors.get(), measured, firstError.get(), cpuPerCall);
    }

    private static Mono<Object> timed(Supplier<Mono<?>> call, LatencyRecorder recorder, long measureFrom, long end,
                                      AtomicLong completed, AtomicLong errors, AtomicReference<Throwable> firstError) {
        long start = System.nanoTime();
        return call.get()
                .map(answer -> {
                    long done = System.nanoTime();
                    if (done >= measureFrom && done <= end) {
                        completed.incrementAndGet();
                        recorder.record(done - start);
                    }
                    return (Object) answer;
                })
                .onErrorResume(error -> {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, error);
                    return Mono.empty();
                });
    }

    /**
     * One run's counts; latencies are in the recorder passed to {@link #run}. {@code cpuMicrosPerCall} is this
     * process's CPU time over the whole run (all threads, GC included) divided by every answered call.
     */
    public record Result(int concurrency, long completed, long errors, Duration measured, Throwable firstError,
                         double cpuMicrosPerCall) {

        public double callsPerSecond() {
            return completed / (measured.toNanos() / 1e9);
        }
    }
}
