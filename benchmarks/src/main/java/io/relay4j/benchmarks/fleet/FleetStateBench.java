package io.relay4j.benchmarks.fleet;

import io.relay4j.benchmarks.load.HarnessArgs;
import io.relay4j.benchmarks.load.LoadAverage;
import io.relay4j.benchmarks.load.MarkdownTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Issue 16's benchmark: what fleet mode on Redis costs a request, and how fast what one instance learns reaches the
 * others. Starts its own {@code redis-server} on a free loopback port (Debian's package; {@code $REDIS_SERVER} names
 * another binary), then runs:
 * <ul>
 *   <li><b>latency</b> ({@link AddedLatency}): the same router with {@code HealthStore.local()} and with a
 *       {@code RedisFleet}'s store, closed loop at each of {@code --levels}, ABBA rounds, while {@code p} trips and
 *       returns; p50/p99 and calls/s of each and their difference (target: within 5%);</li>
 *   <li><b>staleness</b> ({@link TripStaleness}): for each of {@code --instances}, {@code --trips} times instance A
 *       trips {@code p} (then disables and enables it, {@code --gap-ms} apart); the time until each other instance's
 *       view changes, p50/p99/max (target: p99 under 100 ms on loopback).</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks.jar io.relay4j.benchmarks.fleet.FleetStateBench [--parts latency,staleness] [--levels 1,16,64]
 *      [--delays-ms 0,1] [--jit-warmup 5] [--warmup 2] [--measure 5] [--rounds 2] [--ban-every-ms 250]
 *      [--ban-for-ms 5] [--cooldown-ms 50] [--instances 2,4] [--trips 300] [--gap-ms 2]
 * </pre>
 */
public final class FleetStateBench {

    private FleetStateBench() {
    }

    public static void main(String[] args) throws Exception {
        HarnessArgs parsed = HarnessArgs.parse(args, Set.of("--parts", "--levels", "--delays-ms", "--jit-warmup",
                "--warmup", "--measure", "--rounds", "--ban-every-ms", "--ban-for-ms", "--cooldown-ms", "--instances",
                "--trips", "--gap-ms"));
        Set<String> parts = Set.of(parsed.string("--parts", "latency,staleness").split(","));
        AddedLatency.Options latency = new AddedLatency.Options(parsed.integers("--levels", 1, 16, 64),
                parsed.integers("--delays-ms", 0, 1), parsed.integer("--jit-warmup", 5), parsed.integer("--warmup", 2),
                parsed.integer("--measure", 5), parsed.integer("--rounds", 2), parsed.integer("--ban-every-ms", 250),
                parsed.integer("--ban-for-ms", 5), parsed.integer("--cooldown-ms", 50));
        int[] instances = parsed.integers("--instances", 2, 4);
        int trips = parsed.integer("--trips", 300);
        int gapMs = parsed.integer("--gap-ms", 2);
        try (RedisServer redis = RedisServer.start()) {
            System.out.printf(Locale.ROOT, "fleet state: redis-server at %s, parts %s, load average %s%n", redis.uri(),
                    parts, LoadAverage.now());
            if (parts.contains("latency")) {
                System.out.printf(Locale.ROOT, "added latency: levels %s, delays %s ms, JIT warm-up %d s per side, "
                                + "then per level %d rounds of %d s warm-up + %d s measured each side (ABBA); p bans "
                                + "for %d ms every %d ms, cooldown %d ms%n",
                        Arrays.toString(latency.levels()), Arrays.toString(latency.delaysMs()),
                        latency.jitWarmup(), latency.rounds(), latency.warmup(), latency.measure(), latency.banForMs(),
                        latency.banEveryMs(), latency.cooldownMs());
                AddedLatency.run(redis.uri(), latency);
            }
            if (parts.contains("staleness")) {
                System.out.printf(Locale.ROOT, "staleness: %d trips per fleet size %s%n", trips,
                        Arrays.toString(instances));
                List<String> rows = new ArrayList<>();
                for (int size : instances) {
                    rows.addAll(TripStaleness.rows(redis.uri(), size, trips, gapMs));
                }
                MarkdownTable.print(List.of("instances", "change on A", "observers", "samples", "p50 ms", "p99 ms",
                        "max ms", "lost", "Redis errors"), rows);
                System.out.println("load average at the end: " + LoadAverage.now());
            }
        }
    }
}
