package io.relay4j.redis.internal.budget;

import static io.relay4j.redis.internal.budget.BudgetFleetKit.WINDOW;
import static io.relay4j.redis.internal.budget.BudgetFleetKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.spi.BudgetStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several stores, several threads each, one limit: the fleet's spending ends within {@code limit + the
 * reservations in flight}, where a call counts as in flight from before its reservation until every instance
 * sees what it spent. The bound is computed from what the run admitted (the most calls in flight at once); the
 * same check fails for instances that do not share their budget, so it can tell a shared budget from none.
 */
class RedisBudgetOvershootTest {

    private static final BigDecimal LIMIT = new BigDecimal("60");
    private static final BigDecimal CALL = BigDecimal.ONE;
    private static final int STORES = 3;
    private static final int THREADS_PER_STORE = 2;

    private final BudgetFleetKit fleet = new BudgetFleetKit();
    private final ExecutorService threads = Executors.newFixedThreadPool(STORES * THREADS_PER_STORE);

    @AfterEach
    void close() {
        threads.shutdownNow();
        fleet.close();
    }

    /** What a run admitted: the fleet's spending (every call costs what it reserved) and the most in flight. */
    private record Run(int admitted, int maxInFlight) {
        BigDecimal spent() {
            return CALL.multiply(BigDecimal.valueOf(admitted));
        }

        BigDecimal bound() {
            return LIMIT.add(CALL.multiply(BigDecimal.valueOf(maxInFlight)));
        }

        boolean withinBound() {
            return spent().compareTo(bound()) <= 0;
        }
    }

    @Test
    void concurrentCallsOnSeveralInstancesOvershootTheSharedLimitByNoMoreThanTheReservationsInFlight()
            throws Exception {
        List<BudgetStore> stores = new ArrayList<>();
        for (int i = 0; i < STORES; i++) {
            stores.add(fleet.store("i" + i));
        }

        Run run = run(stores, true);

        assertThat(run.spent()).as("the budget was used").isGreaterThanOrEqualTo(LIMIT);
        assertThat(run.withinBound()).as("spent %s, limit %s, at most %d calls in flight", run.spent(), LIMIT,
                run.maxInFlight()).isTrue();
        await("every instance sees the fleet's spending", () -> stores.stream()
                .allMatch(store -> store.spent(WINDOW).compareTo(run.spent()) == 0));
    }

    @Test
    void theSameCheckFailsForInstancesThatDoNotShareTheirBudget() throws Exception {
        List<BudgetStore> stores = new ArrayList<>();
        for (int i = 0; i < STORES; i++) {
            stores.add(fleet.store("i" + i, "alone-" + i));
        }

        Run run = run(stores, false);

        assertThat(run.withinBound()).as("spent %s, limit %s, at most %d calls in flight", run.spent(), LIMIT,
                run.maxInFlight()).isFalse();
    }

    /**
     * Each thread calls on its instance's store until refused; a call is in flight until every store that
     * shares its budget ({@code shared}: all of them; else its own) sees the spending counted so far.
     */
    private Run run(List<BudgetStore> stores, boolean shared) throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger fleetSpent = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (BudgetStore store : stores) {
            List<BudgetStore> sharing = shared ? stores : List.of(store);
            AtomicInteger spent = shared ? fleetSpent : new AtomicInteger();
            for (int t = 0; t < THREADS_PER_STORE; t++) {
                workers.add(threads.submit(() -> {
                    while (true) {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        if (!store.reserve(WINDOW, CALL, LIMIT)) {
                            inFlight.decrementAndGet();
                            return null;
                        }
                        admitted.incrementAndGet();
                        store.settle(WINDOW, CALL, CALL);
                        BigDecimal counted = BigDecimal.valueOf(spent.incrementAndGet());
                        await("the spending is seen", () -> sharing.stream()
                                .allMatch(other -> other.spent(WINDOW).compareTo(counted) >= 0));
                        inFlight.decrementAndGet();
                    }
                }));
            }
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        return new Run(admitted.get(), maxInFlight.get());
    }
}
