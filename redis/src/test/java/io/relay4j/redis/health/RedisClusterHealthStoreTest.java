package io.relay4j.redis.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.health.HealthState;
import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.redis.RedisFleet;
import io.relay4j.redis.testing.RecordedUpdates;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * {@code cluster(true)}: a real Redis Cluster ({@link RedisServerProcess#startCluster()}).
 */
class RedisClusterHealthStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(8);

    private RedisServerProcess redis;

    @BeforeEach
    void startCluster() {
        redis = RedisServerProcess.startCluster();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void instancesOnAClusterShareRecordsAndTheProbeLease() {
        RecordedUpdates bUpdates = new RecordedUpdates();
        try (RedisFleet fleetA = RedisFleet.builder().uri(redis.uri()).cluster(true).namespace("c").instanceId("a")
                .commandTimeout(Duration.ofSeconds(2)).build();
             RedisFleet fleetB = RedisFleet.builder().uri(redis.uri()).cluster(true).namespace("c").instanceId("b")
                     .commandTimeout(Duration.ofSeconds(2)).build();
             HealthStore.Session a = fleetA.healthStore().open(r -> { });
             HealthStore.Session b = fleetB.healthStore().open(bUpdates)) {
            Await.until(() -> fleetA.connected() && fleetB.connected(), WAIT, "the fleets did not connect");
            Instant at = Instant.now();

            StepVerifier.create(a.acquireProbe("p", Duration.ofSeconds(30))).expectNext(true).verifyComplete();
            StepVerifier.create(b.acquireProbe("p", Duration.ofSeconds(30))).expectNext(false).verifyComplete();
            a.publish(HealthRecord.builder("p", HealthState.COOLING_DOWN, at).until(at.plusSeconds(30)).build());

            assertThat(bUpdates.await(r -> r.provider().equals("p"), WAIT).at()).isEqualTo(at);
            StepVerifier.create(b.acquireProbe("p", Duration.ofSeconds(30))).as("a's verdict ended its lease")
                    .expectNext(true).verifyComplete();
            assertThat(fleetA.toString()).contains("(cluster)");
        }
    }
}
