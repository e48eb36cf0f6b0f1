package io.relay4j.redis.internal.budget;

import static io.relay4j.redis.internal.budget.BudgetFleetKit.WINDOW;
import static io.relay4j.redis.internal.budget.BudgetFleetKit.await;
import static io.relay4j.redis.internal.budget.BudgetFleetKit.onEventLoop;
import static io.relay4j.redis.internal.budget.BudgetFleetKit.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.redis.internal.FleetKeys;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisBudgetStoreTest {

    private final BudgetFleetKit fleet = new BudgetFleetKit();

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void spendingOnOneInstanceIsSeenByAnother() {
        RedisBudgetStore a = fleet.store("a");
        RedisBudgetStore b = fleet.store("b");
        b.spent(WINDOW);

        assertThat(onEventLoop(() -> a.add(WINDOW, usd("1.25")))).isEqualByComparingTo("1.25");

        await("b sees a's spending", () -> b.spent(WINDOW).compareTo(usd("1.25")) == 0);
        assertThat(onEventLoop(() -> b.add(WINDOW, usd("0.75")))).isEqualByComparingTo("2");
        await("a sees the fleet's total", () -> a.spent(WINDOW).compareTo(usd("2")) == 0);
    }

    @Test
    void anInstanceRefusesOnceTheFleetReachesTheLimit() {
        RedisBudgetStore a = fleet.store("a");
        RedisBudgetStore b = fleet.store("b");
        assertThat(b.reserve(WINDOW, usd("1"), usd("10"))).isTrue();
        b.settle(WINDOW, usd("1"), usd("1"));

        assertThat(a.reserve(WINDOW, usd("4"), usd("10"))).isTrue();
        a.settle(WINDOW, usd("4"), usd("4"));
        assertThat(a.reserve(WINDOW, usd("5"), usd("10"))).isTrue();
        await("b sees a's reservation", () -> b.reserved(WINDOW).compareTo(usd("5")) == 0);
        assertThat(onEventLoop(() -> b.reserve(WINDOW, usd("1"), usd("10")))).as("5 spent + 5 reserved").isFalse();

        a.settle(WINDOW, usd("5"), usd("2"));
        await("b sees the settlement", () -> b.spent(WINDOW).compareTo(usd("7")) == 0
                && b.reserved(WINDOW).signum() == 0);
        assertThat(b.reserve(WINDOW, usd("1"), usd("10"))).isTrue();
    }

    @Test
    void aDeadInstancesReservationsStopCountingAfterItsLivenessTtl_butItsSpendingStays() {
        RedisBudgetStore a = fleet.store("a");
        RedisBudgetStore b = fleet.store("b");
        Duration ttl = b.livenessTtl();
        assertThat(ttl).as("the fleet's floor on the TTL").isEqualTo(Duration.ofSeconds(5));
        a.add(WINDOW, usd("2"));
        assertThat(a.reserve(WINDOW, usd("3"), usd("10"))).isTrue();
        await("b sees a's values", () -> b.spent(WINDOW).compareTo(usd("2")) == 0
                && b.reserved(WINDOW).compareTo(usd("3")) == 0);

        long closedAt = System.nanoTime();
        fleet.stop(a);

        await("a's reservation stops counting", () -> b.reserved(WINDOW).signum() == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).as("not before the TTL").isGreaterThan(
                ttl.minus(BudgetFleetKit.SYNC.multipliedBy(2)));
        assertThat(b.spent(WINDOW)).isEqualByComparingTo("2");
    }

    @Test
    void redisKilledMidRun_everyMethodAnswersAtOnceFromLocalValues_andTheFleetConvergesAfterARestartEmpty() {
        RedisBudgetStore a = fleet.store("a");
        RedisBudgetStore b = fleet.store("b");
        a.add(WINDOW, usd("1"));
        b.add(WINDOW, usd("2"));
        await("both see 3", () -> a.spent(WINDOW).compareTo(usd("3")) == 0 && b.spent(WINDOW).compareTo(usd("3")) == 0);

        fleet.redis.kill();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            assertThat(onEventLoop(() -> a.reserve(WINDOW, usd("0.5"), usd("100")))).isTrue();
            assertThat(onEventLoop(() -> a.settle(WINDOW, usd("0.5"), usd("0.5")))).isNotNull();
            assertThat(onEventLoop(() -> b.add(WINDOW, usd("0.25")))).isNotNull();
            assertThat(onEventLoop(() -> a.spent(WINDOW).add(a.reserved(WINDOW)))).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BudgetFleetKit.COMMAND_TIMEOUT);
        }
        assertThat(a.spent(WINDOW)).as("a's own spending, and b's as last heard").isEqualByComparingTo("13");
        await("syncs failed and fell back", () -> fleet.counter("relay4j.fleet.fallbacks", "kind", "budget") > 0
                && fleet.counter("relay4j.fleet.store.errors", "operation", "budget-sync") > 0);

        fleet.redis.restart();

        await("the fleet converges on 18", () -> a.spent(WINDOW).compareTo(usd("18")) == 0
                && b.spent(WINDOW).compareTo(usd("18")) == 0);
        assertThat(redisHash(WINDOW).entrySet()).as("rebuilt from the instances' writes").anySatisfy(field -> {
            assertThat(field.getKey()).startsWith("s:a#");
            assertThat(field.getValue()).isEqualTo("11000000000");
        });
    }

    @Test
    void aNewPeriodStartsANewWindowFromZero() {
        RedisBudgetStore a = fleet.store("a");
        RedisBudgetStore b = fleet.store("b");
        a.add(WINDOW, usd("5"));
        await("b sees 5", () -> b.spent(WINDOW).compareTo(usd("5")) == 0);

        BudgetWindow tomorrow = new BudgetWindow(WINDOW.provider(), WINDOW.period(),
                WINDOW.start().plus(Duration.ofDays(1)));
        assertThat(b.spent(tomorrow)).isEqualByComparingTo("0");
        assertThat(b.reserve(tomorrow, usd("1"), usd("5"))).isTrue();
        assertThat(b.settle(tomorrow, usd("1"), usd("1"))).isEqualByComparingTo("1");
        await("a sees tomorrow's 1", () -> a.spent(tomorrow).compareTo(usd("1")) == 0);
        assertThat(a.spent(WINDOW)).as("the old window is forgotten").isEqualByComparingTo("0");
        assertThat(b.settle(WINDOW, usd("0"), usd("2"))).as("a late settlement counts in the current window")
                .isEqualByComparingTo("3");
    }

    @Test
    void anInstanceRestartedUnderTheSameIdKeepsWhatItsPreviousRunSpent() {
        RedisBudgetStore first = fleet.store("a");
        RedisBudgetStore b = fleet.store("b");
        first.add(WINDOW, usd("4"));
        await("b sees 4", () -> b.spent(WINDOW).compareTo(usd("4")) == 0);
        fleet.stop(first);

        RedisBudgetStore again = fleet.store("a");
        again.add(WINDOW, usd("1"));

        await("both see 5", () -> again.spent(WINDOW).compareTo(usd("5")) == 0
                && b.spent(WINDOW).compareTo(usd("5")) == 0);
    }

    @Test
    void closingTheFleetClosesItsBudgetStore_atOnceOnANonBlockingThread_andTheStoreGoesOnLocally() {
        RedisBudgetStore a = fleet.store("a");
        RedisBudgetStore b = fleet.store("b");
        a.add(WINDOW, usd("1"));
        await("b sees 1", () -> b.spent(WINDOW).compareTo(usd("1")) == 0);
        assertThat(onEventLoop(() -> {
            fleet.stop(a);
            return a.add(WINDOW, usd("1"));
        })).isEqualByComparingTo("2");

        b.add(WINDOW, usd("4"));
        await("a's last write reached b", () -> b.spent(WINDOW).compareTo(usd("5")) >= 0);
        assertThat(b.spent(WINDOW)).as("a's spending after its close stayed local").isEqualByComparingTo("5");
        assertThat(a.spent(WINDOW)).as("a no longer hears b").isEqualByComparingTo("2");
    }

    private Map<String, String> redisHash(BudgetWindow window) {
        RedisClient client = RedisClient.create(RedisURI.create(fleet.redis.uri()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().hgetall(new BudgetKeys(new FleetKeys("fleet")).key(window));
        } finally {
            client.shutdown();
        }
    }
}
