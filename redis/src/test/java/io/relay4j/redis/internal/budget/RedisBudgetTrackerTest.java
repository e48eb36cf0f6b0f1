package io.relay4j.redis.internal.budget;

import static io.relay4j.redis.internal.budget.BudgetFleetKit.await;
import static io.relay4j.redis.internal.budget.BudgetFleetKit.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetTracker;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two routers' budget trackers over two instances' stores share one daily budget, from reservation to settlement. */
class RedisBudgetTrackerTest {

    private final BudgetFleetKit fleet = new BudgetFleetKit();

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void twoTrackersShareOneBudget() {
        BudgetConfig config = BudgetConfig.custom().limit("openai", usd("10"), BudgetPeriod.DAY).build();
        BudgetTracker a = BudgetTracker.builder(config).store(fleet.store("a")).build();
        BudgetTracker b = BudgetTracker.builder(config).store(fleet.store("b")).build();

        Optional<BudgetTracker.Reservation> onA = a.reserve("openai", usd("10"));
        assertThat(onA).isPresent();
        await("b counts a's reservation", () -> !b.allows("openai"));
        assertThat(b.reserve("openai", usd("1"))).isEmpty();
        onA.orElseThrow().settle(usd("4"));
        await("b sees a's spending", () -> b.status().get(0).spentUsd().compareTo(usd("4")) == 0
                && b.allows("openai"));

        Optional<BudgetTracker.Reservation> onB = b.reserve("openai", usd("6"));
        assertThat(onB).as("4 spent of 10").isPresent();
        await("a counts b's reservation", () -> !a.allows("openai"));
        assertThat(a.reserve("openai", usd("1"))).as("4 spent + 6 reserved").isEmpty();

        onB.orElseThrow().settle(usd("5.5"));
        await("a sees the fleet's 9.5", () -> a.status().get(0).spentUsd().compareTo(usd("9.5")) == 0);
        assertThat(a.allows("openai")).isTrue();
        a.record("openai", usd("0.5"));
        await("b sees the budget spent", () -> !b.allows("openai"));
        assertThat(b.reserve("openai", usd("0.01"))).isEmpty();
    }
}
