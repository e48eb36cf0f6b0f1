package io.relay4j.redis.internal.budget;

import static io.relay4j.redis.internal.budget.BudgetFleetKit.WINDOW;
import static io.relay4j.redis.internal.budget.BudgetFleetKit.await;
import static io.relay4j.redis.internal.budget.BudgetFleetKit.onEventLoop;
import static io.relay4j.redis.internal.budget.BudgetFleetKit.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.relay4j.redis.internal.FleetKeys;
import io.relay4j.redis.testing.RedisServerProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Budget stores of fleets built with {@code cluster(true)} on a real Redis Cluster
 * ({@link RedisServerProcess#startCluster()}): the budget runs on the fleet's cluster connection, as health does.
 */
class RedisClusterBudgetStoreTest {

    private final BudgetFleetKit fleet = new BudgetFleetKit(RedisServerProcess.startCluster(), true);

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void instancesOnAClusterShareOneBudget_underTheNamespacesHashTag() {
        RedisBudgetStore a = fleet.store("a", "c");
        RedisBudgetStore b = fleet.store("b", "c");
        b.spent(WINDOW);

        assertThat(onEventLoop(() -> a.add(WINDOW, usd("1.25")))).isEqualByComparingTo("1.25");
        await("b sees a's spending", () -> b.spent(WINDOW).compareTo(usd("1.25")) == 0);
        assertThat(a.reserve(WINDOW, usd("8"), usd("10"))).isTrue();
        await("b sees a's reservation", () -> b.reserved(WINDOW).compareTo(usd("8")) == 0);
        assertThat(onEventLoop(() -> b.reserve(WINDOW, usd("1"), usd("10")))).as("1.25 spent + 8 reserved").isTrue();
        await("a sees b's reservation", () -> a.reserved(WINDOW).compareTo(usd("9")) == 0);
        assertThat(a.reserve(WINDOW, usd("1"), usd("10"))).as("1.25 spent + 9 reserved").isFalse();

        FleetKeys keys = new FleetKeys("c");
        String budgetKey = new BudgetKeys(keys).key(WINDOW);
        RedisClusterClient client = RedisClusterClient.create(fleet.redis.uri());
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            assertThat(c.sync().clusterKeyslot(budgetKey)).as("one slot for the namespace")
                    .isEqualTo(c.sync().clusterKeyslot(keys.health()));
            Map<String, String> hash = c.sync().hgetall(budgetKey);
            assertThat(hash).hasEntrySatisfying(hash.keySet().stream().filter(k -> k.startsWith("s:a#")).findFirst()
                    .orElseThrow(), spent -> assertThat(spent).isEqualTo("1250000000"));
        } finally {
            client.shutdown();
        }
    }
}
