package io.relay4j.benchmarks.hedging;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.router.HedgingConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tail latency with hedging off and on, in real time: two in-process providers whose calls take ~100 ms,
 * except a seeded 5% that take ~2 s, behind one router; {@code REQUESTS} requests at {@code CONCURRENCY}
 * in flight, after a warm-up that fills the latency window. Prints p50/p95/p99/p99.9 and the extra calls
 * hedging made. A measurement, not a test: run it with
 * {@code ./mvnw -B -q -pl benchmarks -am compile exec:java -Dexec.mainClass=io.relay4j.benchmarks.hedging.HedgingTailLatency}.
 */
public final class HedgingTailLatency {

    private static final int WARM_UP = 500;
    private static final int REQUESTS = 5_000;
    private static final int CONCURRENCY = 200;
    private static final double SLOW_FRACTION = 0.05;
    private static final Duration FAST = Duration.ofMillis(100);
    private static final Duration SLOW = Duration.ofSeconds(2);

    /** Hedges at the primary's observed p95 (at most 1 s); budget, burst and the rest are the defaults. */
    private static HedgingConfig p95WithFloor(Duration floor) {
        return HedgingConfig.custom().percentileDelay(95, floor, Duration.ofSeconds(1)).build();
    }

    private HedgingTailLatency() {
    }

    /** What one run measured. */
    record Result(String label, long[] sortedNanos, long calls, long cancelled) {

        double percentileMillis(double p) {
            int rank = (int) Math.ceil(p / 100 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, rank)] / 1e6;
        }

        double extraCallFraction() {
            return (double) (calls - sortedNanos.length) / sortedNanos.length;
        }
    }

    public static void main(String[] args) {
        Result off = run("hedging off", HedgingConfig.ofDefaults());
        Result p95 = run("hedging on, p95 delay, floor 10 ms", p95WithFloor(Duration.ofMillis(10)));
        Result on = run("hedging on, p95 delay, floor 150 ms", p95WithFloor(Duration.ofMillis(150)));
        System.out.println();
        System.out.printf(Locale.ROOT, "%d requests, %d in flight, providers: %.0f%% ~%d ms, %.0f%% ~%d ms%n",
                REQUESTS, CONCURRENCY, 100 * (1 - SLOW_FRACTION), FAST.toMillis(), 100 * SLOW_FRACTION,
                SLOW.toMillis());
        System.out.println("| run | p50 ms | p95 ms | p99 ms | p99.9 ms | extra calls |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : List.of(off, p95, on)) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.2f%% |%n", r.label(),
                    r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.percentileMillis(99.9),
                    100 * r.extraCallFraction());
        }
        for (Result r : List.of(p95, on)) {
            System.out.printf(Locale.ROOT, "p99 improvement with %s: %.1fx; calls cancelled: %d%n", r.label(),
                    off.percentileMillis(99) / r.percentileMillis(99), r.cancelled());
        }
    }

    private static Result run(String label, HedgingConfig hedging) {
        HeavyTailProvider primary = new HeavyTailProvider("primary", 1, SLOW_FRACTION, FAST, SLOW);
        HeavyTailProvider backup = new HeavyTailProvider("backup", 2, SLOW_FRACTION, FAST, SLOW);
        LlmRouter router = LlmRouter.builder().provider(primary).provider(backup).logging(false).hedging(hedging)
                .build();
        LlmRequest request = LlmRequest.of("How long does this take?");

        load(router, request, WARM_UP);
        long callsBefore = primary.calls() + backup.calls();
        long cancelledBefore = primary.cancellations() + backup.cancellations();
        long[] nanos = load(router, request, REQUESTS);
        Arrays.sort(nanos);
        return new Result(label, nanos, primary.calls() + backup.calls() - callsBefore,
                primary.cancellations() + backup.cancellations() - cancelledBefore);
    }

    /** Sends {@code count} requests, {@link #CONCURRENCY} at a time; each request's latency in nanoseconds. */
    private static long[] load(LlmRouter router, LlmRequest request, int count) {
        List<Long> latencies = Flux.range(0, count)
                .flatMap(i -> Mono.defer(() -> {
                    long start = System.nanoTime();
                    return router.generate(request).map(answer -> System.nanoTime() - start);
                }), CONCURRENCY)
                .collectList()
                .block();
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }
}
