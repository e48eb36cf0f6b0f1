package io.relay4j.benchmarks.fleet;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.benchmarks.load.LatencyRecorder;
import io.relay4j.benchmarks.load.LoadAverage;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.event.RouterListener;
import io.relay4j.core.health.HealthState;
import io.relay4j.redis.RedisFleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Part b: how long after instance A trips provider {@code p} the other instances' views change. {@code instances}
 * routers, each with its own {@link RedisFleet} (own connections) in one namespace, the same in-process providers
 * {@code p} and {@code q}. Each of {@code trips} times: A sends a request while its {@code p} bans (403), so A trips
 * {@code p}; the time from A's {@code StateTransition} to each other instance's is the staleness of a trip. Then A
 * disables {@code p} and enables it (an operator's hand), measured the same way, which also brings every view back to
 * healthy for the next trip. Times are {@code System.nanoTime()} in one JVM: no clock skew in them.
 *
 * <p>Between two changes on A it waits {@code gapMs}: the fleet orders records by their wall-clock millisecond and
 * drops a record no later than the one it holds, so a second change by the same instance within the same
 * millisecond never reaches the others (with {@code --gap-ms 0} the table shows such changes as lost).
 */
final class TripStaleness {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final LlmRequest REQUEST = LlmRequest.of("hello");

    private TripStaleness() {
    }

    /** The table's rows for one fleet size: trip, disable and enable, each over every observer and the slowest. */
    static List<String> rows(String redisUri, int instances, int trips, int gapMs) throws InterruptedException {
        String namespace = "bench-staleness-" + instances;
        AtomicBoolean banned = new AtomicBoolean();
        List<Instance> fleet = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                fleet.add(new Instance(redisUri, namespace, i, banned));
            }
            Instance a = fleet.get(0);
            Series trip = new Series("trip (403 on A)", instances, trips);
            Series disable = new Series("disable(\"p\") on A", instances, trips);
            Series enable = new Series("enable(\"p\") on A", instances, trips);
            for (int n = 0; n < trips; n++) {
                trip.await(fleet, HealthState.COOLING_DOWN, () -> {
                    banned.set(true);
                    a.router.generate(REQUEST).block(WAIT);
                    banned.set(false);
                });
                Thread.sleep(gapMs);
                disable.await(fleet, HealthState.DISABLED, () -> a.router.disable("p"));
                Thread.sleep(gapMs);
                enable.await(fleet, HealthState.HEALTHY, () -> a.router.enable("p"));
                // a pause of random length, so the trips do not fall into step with anything periodic (the resync)
                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 6));
            }
            System.out.printf(Locale.ROOT, "  %d instances: %d trips done, A's p tripped %d times, load average %s%n",
                    instances, trips, a.p.bans(), LoadAverage.now());
            long redisErrors = fleet.stream().mapToLong(i -> FleetRouters.redisErrors(i.meters)).sum();
            List<String> rows = new ArrayList<>();
            for (Series series : List.of(trip, disable, enable)) {
                rows.addAll(series.rows(instances, redisErrors));
            }
            return rows;
        } finally {
            fleet.forEach(Instance::close);
        }
    }

    /** One instance: its fleet, its providers, its router and a watch on its view of {@code p}. */
    private static final class Instance {
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final RedisFleet fleet;
        final ScriptedProvider p;
        final LlmRouter router;
        final Watch watch = new Watch();

        Instance(String uri, String namespace, int index, AtomicBoolean banned) throws InterruptedException {
            fleet = FleetRouters.connectedFleet(uri, namespace, "instance-" + index, meters);
            // only A's p ever bans: the others learn of it from the fleet, never from a call
            p = new ScriptedProvider("p", Duration.ZERO, index == 0 ? banned::get : () -> false);
            ScriptedProvider q = new ScriptedProvider("q", Duration.ZERO, () -> false);
            router = FleetRouters.router(p, q, FleetRouters.cooldowns(Duration.ofMinutes(10)))
                    .healthStore(fleet.healthStore()).listener(watch).build();
        }

        void close() {
            router.close();
            fleet.close();
        }
    }

    /** Notes when this instance's view of {@code p} moves to the awaited state. */
    private static final class Watch implements RouterListener {
        private volatile HealthState awaited;
        private volatile long[] seenAt;
        private volatile int slot;
        private volatile CountDownLatch done;

        void expect(HealthState state, long[] seenAt, int slot, CountDownLatch done) {
            this.seenAt = seenAt;
            this.slot = slot;
            this.done = done;
            this.awaited = state;
        }

        @Override
        public void onEvent(RouterEvent event) {
            if (event instanceof RouterEvent.StateTransition transition && transition.provider().equals("p")
                    && transition.to() == awaited) {
                long now = System.nanoTime();
                awaited = null;
                seenAt[slot] = now;
                done.countDown();
            }
        }
    }

    /** One kind of change's samples: per observer, and the slowest observer of each change. */
    private static final class Series {
        private final String name;
        private final LatencyRecorder each;
        private final LatencyRecorder slowest;
        private int lost;

        Series(String name, int instances, int changes) {
            this.name = name;
            this.each = new LatencyRecorder(changes * (instances - 1));
            this.slowest = new LatencyRecorder(changes);
        }

        /**
     * Arms every watch, makes the change on A, waits for every view to follow and records the delays; a change not
     * seen everywhere within {@link #WAIT} counts as lost.
     */
        void await(List<Instance> fleet, HealthState state, Runnable change) throws InterruptedException {
            long[] seenAt = new long[fleet.size()];
            CountDownLatch done = new CountDownLatch(fleet.size());
            for (int i = 0; i < fleet.size(); i++) {
                fleet.get(i).watch.expect(state, seenAt, i, done);
            }
            change.run();
            if (!done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                // counted, not measured: a lost change must show in the table, not end the run
                lost++;
                System.out.printf(Locale.ROOT, "  %s: not every instance saw p %s within %s%n", name, state, WAIT);
                return;
            }
            long worst = 0;
            for (int i = 1; i < seenAt.length; i++) {
                long delay = seenAt[i] - seenAt[0];
                each.record(delay);
                worst = Math.max(worst, delay);
            }
            slowest.record(worst);
        }

        List<String> rows(int instances, long redisErrors) {
            List<String> rows = new ArrayList<>();
            rows.add(row(instances, "each of " + (instances - 1), each.percentiles(), redisErrors));
            if (instances > 2) {
                rows.add(row(instances, "slowest of " + (instances - 1), slowest.percentiles(), redisErrors));
            }
            return rows;
        }

        private String row(int instances, String observers, LatencyRecorder.Percentiles p, long redisErrors) {
            return String.format(Locale.ROOT, "| %d | %s | %s | %,d | %.2f | %.2f | %.2f | %d | %d |", instances, name,
                    observers, p.samples(), p.p50() / 1e6, p.p99() / 1e6, p.max() / 1e6, lost, redisErrors);
        }
    }
}
