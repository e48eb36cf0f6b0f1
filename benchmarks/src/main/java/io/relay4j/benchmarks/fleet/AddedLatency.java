package io.relay4j.benchmarks.fleet;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.benchmarks.load.ClosedLoop;
import io.relay4j.benchmarks.load.LatencyRecorder;
import io.relay4j.benchmarks.load.LoadAverage;
import io.relay4j.benchmarks.load.MarkdownTable;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.redis.RedisFleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * Part a: the latency a request pays when its router shares health through Redis instead of in memory. The same
 * router (providers {@code p} then {@code q}, in process, answering after a fixed delay: no socket, no other
 * process, so what differs between the two is the router and its store, not loopback noise) is built twice, with
 * {@code HealthStore.local()} and with a {@link RedisFleet}'s store, and driven in closed loop at each concurrency in
 * ABBA rounds. {@code p} is banned (403) for {@code banForMs} of every {@code banEveryMs}: it trips, cools down for
 * {@code cooldownMs}, is probed (through the fleet's lease in Redis) and returns, so records and leases flow during
 * the measurement.
 */
final class AddedLatency {

    /** Most of two 5 s rounds of a synchronous provider (delay 0: 1.2-1.6 M calls/s here), 112 MB a side. */
    private static final int RECORDER_CAPACITY = 14_000_000;
    private static final LlmRequest REQUEST = LlmRequest.builder().user("Explain pod affinity in one sentence.")
            .maxTokens(64).build();

    /** The part's settings, all from the command line. */
    record Options(int[] levels, int[] delaysMs, int jitWarmup, int warmup, int measure, int rounds, int banEveryMs,
                   int banForMs, int cooldownMs) {
    }

    private AddedLatency() {
    }

    static void run(String redisUri, Options options) throws InterruptedException {
        List<String> rows = new ArrayList<>();
        for (int delay : options.delaysMs()) {
            // a namespace and fleet per delay: a closed router's probe lease stays in Redis until it expires
            // (the first-token timeout, 60 s by default), and would keep the next router from probing p until then
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            RedisFleet fleet = FleetRouters.connectedFleet(redisUri, "bench-latency-" + delay + "ms", "latency", meters);
            try {
                long origin = System.nanoTime();
                long every = Duration.ofMillis(options.banEveryMs()).toNanos();
                long banFor = Duration.ofMillis(options.banForMs()).toNanos();
                BooleanSupplier banned = () -> (System.nanoTime() - origin) % every < banFor;
                Contender local = new Contender("in memory", HealthStore.local(), delay, banned, options);
                Contender redis = new Contender("Redis", fleet.healthStore(), delay, banned, options);
                try {
                    for (Contender contender : List.of(local, redis, redis, local)) {
                        ClosedLoop.run(16, Duration.ZERO, Duration.ofSeconds(options.jitWarmup()), contender::call,
                                new LatencyRecorder(1));
                    }
                    for (int level : options.levels()) {
                        rows.add(level(level, delay, local, redis, meters, options));
                    }
                } finally {
                    local.close();
                    redis.close();
                }
            } finally {
                fleet.close();
            }
        }
        MarkdownTable.print(List.of("provider delay ms", "concurrency", "in memory calls/s", "Redis calls/s",
                "calls/s diff", "in memory p50 us", "Redis p50 us", "p50 diff", "in memory p99 us", "Redis p99 us",
                "p99 diff", "CPU us/call in memory / Redis", "p trips (403s) in memory / Redis", "p share in memory / Redis", "Redis errors / fallbacks",
                "errors", "load average"), rows);
    }

    /** One concurrency: ABBA rounds (in memory, Redis, Redis, in memory, ...), latencies pooled per contender. */
    private static String level(int level, int delay, Contender local, Contender redis, SimpleMeterRegistry meters,
                                Options options) {
        long errorsBefore = FleetRouters.redisErrors(meters);
        long fallbacksBefore = FleetRouters.fallbacks(meters);
        local.startLevel();
        redis.startLevel();
        List<String> loads = new ArrayList<>();
        for (int round = 0; round < options.rounds(); round++) {
            List<Contender> order = round % 2 == 0 ? List.of(local, redis) : List.of(redis, local);
            for (Contender contender : order) {
                contender.measure(level, options);
            }
            loads.add(LoadAverage.now());
            System.out.printf(Locale.ROOT, "  delay %d ms, %d in flight, round %d: %s, load average %s%n", delay, level,
                    round, order.get(0).name + " then " + order.get(1).name, loads.get(loads.size() - 1));
        }
        LatencyRecorder.Percentiles a = local.latencies.percentiles();
        LatencyRecorder.Percentiles b = redis.latencies.percentiles();
        return String.format(Locale.ROOT,
                "| %d | %d | %,.0f | %,.0f | %s | %,.1f | %,.1f | %s | %,.1f | %,.1f | %s | %.2f / %.2f | %,d / %,d | %s / %s "
                        + "| %d / %d "
                        + "| %d / %d | %s |",
                delay, level, local.callsPerSecond(), redis.callsPerSecond(),
                diff(local.callsPerSecond(), redis.callsPerSecond()), a.p50() / 1e3, b.p50() / 1e3,
                diff(a.p50(), b.p50()), a.p99() / 1e3, b.p99() / 1e3, diff(a.p99(), b.p99()), local.cpuPerCall(), redis.cpuPerCall(),
                local.bans(), redis.bans(),
                local.share(), redis.share(), FleetRouters.redisErrors(meters) - errorsBefore,
                FleetRouters.fallbacks(meters) - fallbacksBefore, local.errors, redis.errors, String.join(", ", loads));
    }

    private static String diff(double base, double other) {
        return String.format(Locale.ROOT, "%+.1f%%", base == 0 ? 0 : 100.0 * (other - base) / base);
    }

    /** One side of the comparison: its providers, its router and what it measured at the current level. */
    private static final class Contender {
        final String name;
        final ScriptedProvider p;
        final ScriptedProvider q;
        final LlmRouter router;
        LatencyRecorder latencies;
        long completed;
        long errors;
        long nanos;
        double cpu;
        int runs;
        long bansFrom;
        long pFrom;
        long qFrom;

        Contender(String name, HealthStore store, int delayMs, BooleanSupplier banned, Options options) {
            this.name = name;
            Duration delay = Duration.ofMillis(delayMs);
            this.p = new ScriptedProvider("p", delay, banned);
            this.q = new ScriptedProvider("q", delay, () -> false);
            this.router = FleetRouters.router(p, q, FleetRouters.cooldowns(Duration.ofMillis(options.cooldownMs())))
                    .healthStore(store).build();
        }

        Mono<?> call() {
            return router.generate(REQUEST);
        }

        void startLevel() {
            latencies = new LatencyRecorder(RECORDER_CAPACITY);
            completed = 0;
            errors = 0;
            nanos = 0;
            cpu = 0;
            runs = 0;
            bansFrom = p.bans();
            pFrom = p.answers();
            qFrom = q.answers();
        }

        void measure(int level, Options options) {
            ClosedLoop.Result result = ClosedLoop.run(level, Duration.ofSeconds(options.warmup()),
                    Duration.ofSeconds(options.measure()), this::call, latencies);
            completed += result.completed();
            errors += result.errors();
            nanos += result.measured().toNanos();
            cpu += result.cpuMicrosPerCall();
            runs++;
        }

        /** This process's CPU time per answered call (all threads, Redis's client included), mean of the rounds. */
        double cpuPerCall() {
            return runs == 0 ? 0 : cpu / runs;
        }

        double callsPerSecond() {
            return completed / (nanos / 1e9);
        }

        long bans() {
            return p.bans() - bansFrom;
        }

        String share() {
            long onP = p.answers() - pFrom;
            long total = onP + q.answers() - qFrom;
            return String.format(Locale.ROOT, "%.1f%%", total == 0 ? 0 : 100.0 * onP / total);
        }

        void close() {
            router.close();
        }
    }
}
