package io.relay4j.redis.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.redis.RedisFleet;
import io.relay4j.redis.RedisFleetMeterNames;
import io.relay4j.redis.testing.RecordedUpdates;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Redis killed mid-run (SIGKILL) and restarted empty: the stores go on locally, count it, and converge after. */
class RedisOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(8);

    private RedisServerProcess redis;
    private SimpleMeterRegistry meters;
    private RedisFleet fleetA;
    private RedisFleet fleetB;
    private HealthStore.Session a;
    private HealthStore.Session b;
    private final RecordedUpdates bUpdates = new RecordedUpdates();

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        meters = new SimpleMeterRegistry();
        fleetA = RedisFleet.builder().uri(redis.uri()).namespace("outage").instanceId("a").meterRegistry(meters)
                .resyncInterval(Duration.ofMillis(500)).build();
        fleetB = RedisFleet.builder().uri(redis.uri()).namespace("outage").instanceId("b")
                .resyncInterval(Duration.ofMillis(500)).build();
        a = fleetA.healthStore().open(r -> { });
        b = fleetB.healthStore().open(bUpdates);
        Await.until(() -> fleetA.connected() && fleetB.connected(), WAIT, "the fleets did not connect");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        fleetA.close();
        fleetB.close();
        redis.close();
    }

    @Test
    void whileRedisIsDownEveryCallReturnsAtOnceProbesAreGrantedAndFailuresAreCounted() {
        assertThat(gauge()).isEqualTo(1.0);
        redis.kill();
        Await.until(() -> !fleetA.connected(), WAIT, "A never noticed Redis was gone");
        assertThat(gauge()).isEqualTo(0.0);

        long start = System.nanoTime();
        a.publish(cooling("p", Instant.now()));
        a.releaseProbe("p");
        StepVerifier.create(a.acquireProbe("p", Duration.ofSeconds(10))).expectNext(true).verifyComplete();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

        assertThat(counter(RedisFleetMeterNames.FALLBACKS, RedisFleetMeterNames.KIND_TAG, "probe")).isEqualTo(1.0);
        assertThat(counter(RedisFleetMeterNames.STORE_ERRORS, RedisFleetMeterNames.OPERATION_TAG, "publish"))
                .isEqualTo(1.0);
        assertThat(counter(RedisFleetMeterNames.STORE_ERRORS, RedisFleetMeterNames.OPERATION_TAG, "acquire"))
                .isEqualTo(1.0);
        assertThat(counter(RedisFleetMeterNames.STORE_ERRORS, RedisFleetMeterNames.OPERATION_TAG, "release"))
                .isEqualTo(1.0);
    }

    @Test
    void aRecordPublishedWhileRedisWasDownReachesTheOthersWhenItComesBackEmpty() {
        Instant before = Instant.now();
        a.publish(HealthRecord.builder("q", HealthState.DISABLED, before).build());
        bUpdates.await(r -> r.provider().equals("q"), WAIT);

        redis.kill();
        Await.until(() -> !fleetA.connected(), WAIT, "A never noticed Redis was gone");
        Instant during = Instant.now();
        a.publish(cooling("p", during));
        redis.restart();

        HealthRecord learned = bUpdates.await(r -> r.provider().equals("p"), WAIT);
        assertThat(learned.at()).isEqualTo(during);
        assertThat(learned.state()).isEqualTo(HealthState.COOLING_DOWN);
        Await.until(() -> fleetA.connected() && fleetB.connected(), WAIT, "the fleets did not reconnect");
        assertThat(gauge()).isEqualTo(1.0);
        // what A published before the crash is back in the emptied Redis too: a fresh instance learns both
        RecordedUpdates fresh = new RecordedUpdates();
        try (RedisFleet c = RedisFleet.builder().uri(redis.uri()).namespace("outage").instanceId("c").build();
             HealthStore.Session session = c.healthStore().open(fresh)) {
            fresh.await(r -> r.provider().equals("q") && r.at().equals(before), WAIT);
            fresh.await(r -> r.provider().equals("p") && r.at().equals(during), WAIT);
        }
    }

    @Test
    void aFleetBuiltWhileRedisIsDownConnectsWhenItStarts() {
        redis.kill();
        RecordedUpdates updates = new RecordedUpdates();
        long start = System.nanoTime();
        try (RedisFleet late = RedisFleet.builder().uri(redis.uri()).namespace("outage").instanceId("late").build();
             HealthStore.Session session = late.healthStore().open(updates)) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("build and open never wait for Redis")
                    .isLessThan(Duration.ofMillis(500));
            StepVerifier.create(session.acquireProbe("p", Duration.ofSeconds(1))).expectNext(true).verifyComplete();
            Instant at = Instant.now();
            session.publish(cooling("p", at));

            redis.restart();

            bUpdates.await(r -> r.provider().equals("p") && r.at().equals(at), WAIT);
        }
    }

    private static HealthRecord cooling(String provider, Instant at) {
        return RedisHealthStoreTest.cooling(provider, at, at.plusSeconds(30), 1);
    }

    private double gauge() {
        return meters.get(RedisFleetMeterNames.CONNECTED).tag(RedisFleetMeterNames.NAMESPACE_TAG, "outage").gauge()
                .value();
    }

    private double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(RedisFleetMeterNames.NAMESPACE_TAG, "outage").tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}
