package io.relay4j.redis.internal.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.redis.RedisFleet;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A real Redis and the budget stores of a test's fleet on it, each from a {@link RedisFleet} of its own (its own
 * connections, as an instance has), all closed at the end.
 * {@link #await} polls a condition up to a deadline (never a fixed sleep); {@link #onEventLoop} runs a store call
 * on a non-blocking thread, where BlockHound fails it if it blocks.
 */
final class BudgetFleetKit implements AutoCloseable {

    static final Duration SYNC = Duration.ofMillis(100);
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    static final BudgetWindow WINDOW = new BudgetWindow("openai", BudgetPeriod.DAY,
            BudgetPeriod.DAY.startOf(Instant.now()));

    final RedisServerProcess redis;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final boolean cluster;
    private final Map<RedisBudgetStore, RedisFleet> fleets = new ConcurrentHashMap<>();

    /** A standalone Redis. */
    BudgetFleetKit() {
        this(RedisServerProcess.start(), false);
    }

    /** {@code redis}, a Redis Cluster's node when {@code cluster} (the fleets then use {@code cluster(true)}). */
    BudgetFleetKit(RedisServerProcess redis, boolean cluster) {
        this.redis = redis;
        this.cluster = cluster;
    }

    RedisBudgetStore store(String instanceId) {
        return store(instanceId, "fleet");
    }

    /** The budget store of a new fleet instance on the test's Redis, syncing every {@link #SYNC}. */
    RedisBudgetStore store(String instanceId, String namespace) {
        RedisFleet fleet = RedisFleet.builder().uri(redis.uri()).cluster(cluster).namespace(namespace)
                .instanceId(instanceId).meterRegistry(meters).commandTimeout(COMMAND_TIMEOUT).resyncInterval(SYNC)
                .build();
        RedisBudgetStore store = (RedisBudgetStore) fleet.budgetStore();
        assertThat(fleet.budgetStore()).as("one store per fleet").isSameAs(store);
        fleets.put(store, fleet);
        return store;
    }

    /** Closes the fleet {@code store} came from, as an instance that stops does. */
    void stop(RedisBudgetStore store) {
        fleets.get(store).close();
    }

    static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(condition, Duration.ofSeconds(15), "not within 15 s: " + what);
    }

    /** Runs {@code call} on a parallel (non-blocking) thread and returns its result. */
    static <T> T onEventLoop(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(5));
    }

    double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        fleets.values().forEach(RedisFleet::close);
        redis.close();
    }
}
