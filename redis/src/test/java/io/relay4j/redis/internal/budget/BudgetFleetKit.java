package io.relay4j.redis.internal.budget;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.redis.testing.RedisServerProcess;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A real Redis and the budget stores of a test's fleet on it, each on connections of its own, closed at the end.
 * {@link #await} polls a condition up to a deadline (never a fixed sleep); {@link #onEventLoop} runs a store call
 * on a non-blocking thread, where BlockHound fails it if it blocks.
 */
final class BudgetFleetKit implements AutoCloseable {

    static final Duration SYNC = Duration.ofMillis(100);
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    static final BudgetWindow WINDOW = new BudgetWindow("openai", BudgetPeriod.DAY,
            BudgetPeriod.DAY.startOf(Instant.now()));

    final RedisServerProcess redis = RedisServerProcess.start();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<RedisBudgetStore> stores = new ArrayList<>();

    RedisBudgetStore store(String instanceId) {
        return store(instanceId, "fleet", Duration.ofSeconds(5));
    }

    RedisBudgetStore store(String instanceId, String namespace, Duration livenessTtl) {
        RedisBudgetStore store = RedisBudgetStore.create(RedisURI.create(redis.uri()), namespace, instanceId,
                Optional.of(meters), COMMAND_TIMEOUT, SYNC, livenessTtl);
        stores.add(store);
        return store;
    }

    static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what);
            }
        }
    }

    /** Runs {@code call} on a parallel (non-blocking) thread and returns its result. */
    static <T> T onEventLoop(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(5));
    }

    double counter(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        stores.forEach(RedisBudgetStore::close);
        redis.close();
    }
}
