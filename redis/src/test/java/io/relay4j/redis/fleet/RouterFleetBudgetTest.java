package io.relay4j.redis.fleet;

import static io.relay4j.redis.fleet.FleetInstance.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetStatus;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.spi.BudgetStore;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.LatencyDistribution;
import io.relay4j.simulator.SimulatorServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Routers standing for a service's instances, each with its own {@link io.relay4j.redis.RedisFleet} and a
 * {@link BudgetTracker} over that fleet's {@code budgetStore()}, share one daily budget on provider {@code p} (whose
 * calls the simulator counts) and fall back to {@code q} (no budget). Prices make every call to {@code p} cost, and
 * reserve, exactly {@link #CALL}: 10 output tokens (the request's max tokens and the simulator's answer) at $0.10,
 * input free.
 */
class RouterFleetBudgetTest {

    private static final BigDecimal LIMIT = new BigDecimal("20");
    private static final BigDecimal CALL = BigDecimal.ONE;
    private static final int TOKENS = 10;
    private static final PricingTable PRICES = PricingTable.builder()
            .price("openai", "gpt-4o-mini", BigDecimal.ZERO, new BigDecimal("100000")).build();
    private static final BudgetConfig BUDGET = BudgetConfig.custom().limit("p", LIMIT, BudgetPeriod.DAY).build();
    private static final LlmRequest REQUEST = LlmRequest.builder().user("hello").maxTokens(TOKENS).build();

    private FleetBackends backends;
    private RedisServerProcess redis;
    private SimulatorServer p;
    private SimulatorServer q;
    private final List<FleetInstance> instances = new ArrayList<>();
    private final Map<FleetInstance, BudgetTracker> trackers = new ConcurrentHashMap<>();
    private final InFlight inFlight = new InFlight();
    private String namespace;
    private static int tests;

    @BeforeEach
    void start() {
        // slow enough that the instances' calls overlap, and so do their reservations
        backends = new FleetBackends(Behaviour.builder().answerTokens(TOKENS)
                .latency(LatencyDistribution.fixed(Duration.ofMillis(30))).build());
        redis = backends.redis;
        p = backends.p;
        q = backends.q;
        namespace = "router-budget-" + (++tests);
    }

    @AfterEach
    void stop() {
        instances.forEach(FleetInstance::close);
        backends.close();
    }

    /** An instance whose router's budget tracker runs over its fleet's budget store (counted by {@link InFlight}). */
    private FleetInstance instance(String id) {
        AtomicReference<BudgetTracker> tracker = new AtomicReference<>();
        FleetInstance instance = new FleetInstance(id, redis.uri(), namespace, p.baseUrl(), q.baseUrl(),
                FleetInstance.cooldown(Duration.ofMinutes(5)), (fleet, router) -> {
                    tracker.set(BudgetTracker.builder(BUDGET).store(inFlight.count(fleet.budgetStore())).build());
                    return router.pricing(PRICES).budgets(tracker.get());
                });
        instances.add(instance);
        trackers.put(instance, tracker.get());
        instance.awaitConnected();
        return instance;
    }

    private long callsToP() {
        return p.stats().requestsReceived();
    }

    private BigDecimal spentSeenBy(FleetInstance instance) {
        BudgetStatus status = trackers.get(instance).status().get(0);
        assertThat(status.limit().provider()).isEqualTo("p");
        return status.spentUsd();
    }

    @Test
    void concurrentRequestsOnThreeInstancesSpendTheSharedBudgetWithinTheLimitPlusTheReservationsInFlight()
            throws Exception {
        List<FleetInstance> fleet = List.of(instance("a"), instance("b"), instance("c"));
        inFlight.watch();

        List<LlmResponse> answers = Flux.fromIterable(fleet)
                .flatMap(instance -> Flux.range(0, 40).flatMap(i -> instance.router.generate(REQUEST), 4))
                .collectList().block(Duration.ofSeconds(60));
        inFlight.awaitSettled();

        long servedByP = answers.stream().filter(r -> r.provider().equals("p")).count();
        BigDecimal spent = CALL.multiply(BigDecimal.valueOf(servedByP));
        BigDecimal bound = LIMIT.add(CALL.multiply(BigDecimal.valueOf(inFlight.max.get())));
        assertThat(answers).hasSize(120);
        assertThat(callsToP()).as("each call to p was one answer from p").isEqualTo(servedByP);
        assertThat(spent).as("the budget was used").isGreaterThanOrEqualTo(LIMIT);
        // instances that did not share their budget would spend 3 x 20 = 60, and their spending would never reach
        // the others (the in-flight count fails on that first); here 12 calls at most run at once
        assertThat(spent).as("spent %s, limit %s, at most %d calls in flight", spent, LIMIT, inFlight.max.get())
                .isLessThanOrEqualTo(bound);
        for (FleetInstance instance : fleet) {
            Await.until(() -> spentSeenBy(instance).compareTo(spent) == 0, WAIT,
                    instance.fleet.instanceId() + "'s tracker never saw " + spent + ", it sees "
                            + spentSeenBy(instance));
        }
        assertThat(spentInRedis()).as("the instances' spending summed in Redis").isEqualByComparingTo(spent);
    }

    @Test
    void onceInstanceAHasSpentTheBudgetInstanceBSkipsTheProviderAsOverBudgetWithoutCallingIt() {
        FleetInstance a = instance("a");
        FleetInstance b = instance("b");

        int served = 0;
        while (a.serve().equals("p")) {
            assertThat(++served).as("a went on calling p past its budget").isLessThanOrEqualTo(20);
        }
        assertThat(callsToP()).as("one instance calling one at a time spends exactly the budget").isEqualTo(20);
        Await.until(() -> !trackers.get(b).allows("p"), WAIT, "b never saw the budget spent: " + spentSeenBy(b));

        LlmResponse answer = b.router.generate(REQUEST).block(WAIT);

        assertThat(answer.provider()).isEqualTo("q");
        assertThat(answer.attempts()).anySatisfy(attempt -> {
            assertThat(attempt.provider()).isEqualTo("p");
            assertThat(attempt.skipReason()).contains(Attempt.SkipReason.OVER_BUDGET);
        });
        assertThat(callsToP()).as("b never called p").isEqualTo(20);
        assertThat(spentSeenBy(b)).isEqualByComparingTo(LIMIT);
    }

    /** The sum of every member's spending in p's current daily window, as the budget hash in Redis holds it. */
    private BigDecimal spentInRedis() {
        BudgetWindow window = new BudgetWindow("p", BudgetPeriod.DAY, BudgetPeriod.DAY.startOf(Instant.now()));
        String key = "relay4j:{" + namespace + "}:budget:p:day:" + window.start().getEpochSecond();
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            long nanoUsd = c.sync().hgetall(key).entrySet().stream().filter(e -> e.getKey().startsWith("s:"))
                    .mapToLong(e -> Long.parseLong(e.getValue())).sum();
            return BigDecimal.valueOf(nanoUsd).movePointLeft(9);
        } finally {
            client.shutdown();
        }
    }

    /**
     * The fleet's calls in flight on the budget: a call counts from before its reservation until every instance's
     * store sees what it spent (the fleet's settled spending so far), which a test thread checks, since the
     * stores' methods run on the routers' event loops and must not wait. Only a run with {@link #watch()} on counts
     * calls out of flight before it ends.
     */
    private static final class InFlight {
        final AtomicInteger max = new AtomicInteger();
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicReference<BigDecimal> settled = new AtomicReference<>(BigDecimal.ZERO);
        private final Queue<BigDecimal> toSee = new ConcurrentLinkedQueue<>();
        private final List<BudgetStore> stores = new CopyOnWriteArrayList<>();
        private final ExecutorService watching = Executors.newSingleThreadExecutor();
        private volatile boolean stopped;
        private CompletableFuture<Void> watcher;

        BudgetStore count(BudgetStore store) {
            stores.add(store);
            return new BudgetStore() {
                @Override
                public BigDecimal add(BudgetWindow window, BigDecimal amountUsd) {
                    return store.add(window, amountUsd);
                }

                @Override
                public BigDecimal spent(BudgetWindow window) {
                    return store.spent(window);
                }

                @Override
                public BigDecimal reserved(BudgetWindow window) {
                    return store.reserved(window);
                }

                @Override
                public boolean reserve(BudgetWindow window, BigDecimal amountUsd, BigDecimal limitUsd) {
                    max.accumulateAndGet(now.incrementAndGet(), Math::max);
                    boolean admitted = store.reserve(window, amountUsd, limitUsd);
                    if (!admitted) {
                        now.decrementAndGet();
                    }
                    return admitted;
                }

                @Override
                public BigDecimal settle(BudgetWindow window, BigDecimal reservedUsd, BigDecimal actualUsd) {
                    BigDecimal total = store.settle(window, reservedUsd, actualUsd);
                    toSee.add(settled.accumulateAndGet(actualUsd, BigDecimal::add));
                    return total;
                }
            };
        }

        /** Starts ending each settled call's flight, on a test thread, once every store sees its spending. */
        void watch() {
            BudgetWindow window = new BudgetWindow("p", BudgetPeriod.DAY, BudgetPeriod.DAY.startOf(Instant.now()));
            watcher = CompletableFuture.runAsync(() -> {
                while (!stopped || !toSee.isEmpty()) {
                    BigDecimal total = toSee.poll();
                    if (total == null) {
                        pause();
                        continue;
                    }
                    Await.until(() -> stores.stream().allMatch(s -> s.spent(window).compareTo(total) >= 0), WAIT,
                            "the fleet's spending of " + total + " never reached every instance");
                    now.decrementAndGet();
                }
            }, watching);
        }

        /** Waits until every settled call's spending is seen everywhere; fails when one never is. */
        void awaitSettled() throws Exception {
            stopped = true;
            try {
                watcher.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
            } finally {
                watching.shutdownNow();
            }
            assertThat(now.get()).as("every reservation was settled").isZero();
        }

        private static void pause() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
