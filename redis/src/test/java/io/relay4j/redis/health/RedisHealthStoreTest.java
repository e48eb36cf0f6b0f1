package io.relay4j.redis.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.redis.RedisFleet;
import io.relay4j.redis.RedisFleetMeterNames;
import io.relay4j.redis.internal.health.StoredRecords;
import io.relay4j.redis.testing.RecordedUpdates;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Two fleet instances, each on its own connections to one real Redis, sharing provider health. */
class RedisHealthStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private RedisServerProcess redis;
    private StatefulRedisConnection<String, String> raw;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        redis.close();
    }

    @Test
    void aCooldownPublishedByOneInstanceReachesTheOther() {
        HealthStore.Session a = session(fleet("a"), new RecordedUpdates());
        RecordedUpdates bUpdates = new RecordedUpdates();
        SimpleMeterRegistry bMeters = new SimpleMeterRegistry();
        session(fleet(RedisFleet.builder().meterRegistry(bMeters), "b"), bUpdates);
        awaitConnected();
        Instant at = Instant.now();

        a.publish(cooling("openai", at, at.plusSeconds(30), 1));

        HealthRecord seen = bUpdates.await(r -> r.provider().equals("openai"), WAIT);
        assertThat(seen.state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(seen.until()).isEqualTo(at.plusSeconds(30));
        assertThat(seen.at()).isEqualTo(at);
        assertThat(seen.origin()).isEqualTo("a");
        assertThat(seen.lastError()).contains(ErrorType.POLICY_VIOLATION);
        Timer lag = bMeters.get(RedisFleetMeterNames.SYNC_LAG).tag(RedisFleetMeterNames.NAMESPACE_TAG, "ns").timer();
        assertThat(lag.count()).isEqualTo(1);
        assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isLessThan(WAIT.toMillis());
    }

    @Test
    void aRecordOlderThanTheStoredOneIsIgnored() {
        HealthStore.Session a = session(fleet("a"), new RecordedUpdates());
        Instant t = Instant.now();
        a.publish(HealthRecord.builder("p", HealthState.HEALTHY, t).build());
        a.publish(cooling("p", t.minusSeconds(1), t.plusSeconds(60), 1));
        a.publish(HealthRecord.builder("marker", HealthState.HEALTHY, t).build());
        awaitStored("marker", r -> true); // one connection: the writes before it are in

        HealthRecord stored = awaitStored("p", r -> true);

        assertThat(stored.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(stored.at()).isEqualTo(t);
    }

    @Test
    void anOlderCooldownWithALaterDeadlineExtendsTheStoredOneAndTripsTakeTheMaximum() {
        HealthStore.Session a = session(fleet("a"), new RecordedUpdates());
        HealthStore.Session b = session(fleet("b"), new RecordedUpdates());
        Instant t = Instant.now();
        a.publish(cooling("p", t, t.plusSeconds(10), 4));
        awaitStored("p", r -> r.at().equals(t));

        b.publish(HealthRecord.builder("p", HealthState.COOLING_DOWN, t.minusMillis(5)).until(t.plusSeconds(60))
                .trips(1).lastError(ErrorType.RATE_LIMITED).reason(EjectionReason.RATE_LIMITED).build());
        HealthRecord extended = awaitStored("p", r -> r.until().equals(t.plusSeconds(60)));
        assertThat(extended.at()).isEqualTo(t);
        assertThat(extended.trips()).isEqualTo(4);
        assertThat(extended.reason()).contains(EjectionReason.RATE_LIMITED);

        Instant later = t.plusMillis(1);
        b.publish(cooling("p", later, t.plusSeconds(20), 2));
        HealthRecord newer = awaitStored("p", r -> r.at().equals(later));
        assertThat(newer.until()).as("a newer cooldown keeps the later deadline").isEqualTo(t.plusSeconds(60));
        assertThat(newer.trips()).as("trips = max").isEqualTo(4);
    }

    @Test
    void theProbeLeaseIsExclusiveAndTheHoldersVerdictFreesIt() {
        HealthStore.Session a = session(fleet("a"), new RecordedUpdates());
        HealthStore.Session b = session(fleet("b"), new RecordedUpdates());
        awaitConnected();

        StepVerifier.create(a.acquireProbe("p", Duration.ofSeconds(30))).expectNext(true).verifyComplete();
        StepVerifier.create(b.acquireProbe("p", Duration.ofSeconds(30))).expectNext(false).verifyComplete();
        StepVerifier.create(a.acquireProbe("p", Duration.ofSeconds(30))).as("the holder keeps it").expectNext(true)
                .verifyComplete();

        a.publish(HealthRecord.builder("p", HealthState.HEALTHY, Instant.now()).build());

        Await.until(() -> Boolean.TRUE.equals(b.acquireProbe("p", Duration.ofSeconds(30))
                .block(Duration.ofSeconds(1))), WAIT, "the verdict did not free the lease");
    }

    @Test
    void aReleasedLeaseGoesToTheNextAsker() {
        HealthStore.Session a = session(fleet("a"), new RecordedUpdates());
        HealthStore.Session b = session(fleet("b"), new RecordedUpdates());
        awaitConnected();
        StepVerifier.create(a.acquireProbe("p", Duration.ofSeconds(30))).expectNext(true).verifyComplete();
        StepVerifier.create(b.acquireProbe("p", Duration.ofSeconds(30))).expectNext(false).verifyComplete();

        a.releaseProbe("p");

        Await.until(() -> Boolean.TRUE.equals(b.acquireProbe("p", Duration.ofSeconds(30))
                .block(Duration.ofSeconds(1))), WAIT, "the release did not free the lease");
    }

    @Test
    void aDeadHoldersLeaseExpires() {
        RedisFleet fleetA = fleet("a");
        HealthStore.Session a = session(fleetA, new RecordedUpdates());
        HealthStore.Session b = session(fleet("b"), new RecordedUpdates());
        awaitConnected();
        StepVerifier.create(a.acquireProbe("p", Duration.ofMillis(300))).expectNext(true).verifyComplete();
        StepVerifier.create(b.acquireProbe("p", Duration.ofMillis(300))).expectNext(false).verifyComplete();

        fleetA.close();

        long start = System.nanoTime();
        Await.until(() -> Boolean.TRUE.equals(b.acquireProbe("p", Duration.ofSeconds(30))
                .block(Duration.ofSeconds(1))), WAIT, "the dead holder's lease never expired");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aSessionThatClosesGivesItsLeaseBack() {
        HealthStore.Session a = session(fleet("a"), new RecordedUpdates());
        HealthStore.Session b = session(fleet("b"), new RecordedUpdates());
        awaitConnected();
        StepVerifier.create(a.acquireProbe("p", Duration.ofSeconds(60))).expectNext(true).verifyComplete();
        StepVerifier.create(b.acquireProbe("p", Duration.ofSeconds(60))).expectNext(false).verifyComplete();

        a.close();

        Await.until(() -> Boolean.TRUE.equals(b.acquireProbe("p", Duration.ofSeconds(60))
                .block(Duration.ofSeconds(1))), WAIT, "the closed session's lease was not given back");
    }

    @Test
    void aRecordWrittenWithoutItsMessageArrivesWithTheNextResync() {
        RecordedUpdates bUpdates = new RecordedUpdates();
        session(fleet("b"), bUpdates);
        awaitConnected();
        Instant t = Instant.now();
        String encoded = "1;" + String.format("%019d", t.getEpochSecond() * 1_000_000_000L + t.getNano())
                + ";DISABLED;0000000000000000000;0;0;-;DISABLED;ghost;lost-one";

        raw().sync().hset("relay4j:{ns}:health", "lost-one", encoded);

        HealthRecord repaired = bUpdates.await(r -> r.provider().equals("lost-one"), Duration.ofSeconds(3));
        assertThat(repaired.state()).isEqualTo(HealthState.DISABLED);
        assertThat(repaired.origin()).isEqualTo("ghost");
    }

    @Test
    void aSessionOpenedLaterIsDeliveredTheCurrentRecords() {
        HealthStore.Session a = session(fleet("a"), new RecordedUpdates());
        Instant t = Instant.now();
        a.publish(cooling("p", t, t.plusSeconds(30), 1));
        awaitStored("p", r -> r.at().equals(t));

        RecordedUpdates late = new RecordedUpdates();
        session(fleet("late"), late);

        assertThat(late.await(r -> r.provider().equals("p"), WAIT).until()).isEqualTo(t.plusSeconds(30));
    }

    static HealthRecord cooling(String provider, Instant at, Instant until, int trips) {
        return HealthRecord.builder(provider, HealthState.COOLING_DOWN, at).until(until).trips(trips)
                .consecutiveFailures(trips).lastError(ErrorType.POLICY_VIOLATION).reason(EjectionReason.IMMEDIATE)
                .build();
    }

    private RedisFleet fleet(String id) {
        return fleet(RedisFleet.builder(), id);
    }

    private RedisFleet fleet(RedisFleet.Builder builder, String id) {
        RedisFleet fleet = builder.uri(redis.uri()).namespace("ns").instanceId(id)
                .resyncInterval(Duration.ofMillis(500)).commandTimeout(Duration.ofSeconds(2)).build();
        closing.add(0, fleet);
        return fleet;
    }

    private HealthStore.Session session(RedisFleet fleet, RecordedUpdates updates) {
        HealthStore.Session session = fleet.healthStore().open(updates);
        closing.add(0, session);
        return session;
    }

    private void awaitConnected() {
        Await.until(() -> closing.stream().filter(RedisFleet.class::isInstance).map(RedisFleet.class::cast)
                .allMatch(RedisFleet::connected), WAIT, "the fleets did not connect");
    }

    /** A plain connection of the test's, to look at (or go around) what the fleet keeps. */
    private StatefulRedisConnection<String, String> raw() {
        if (raw == null) {
            RedisClient client = RedisClient.create(redis.uri());
            raw = client.connect();
            closing.add(client::shutdown);
            closing.add(0, raw);
        }
        return raw;
    }

    private HealthRecord awaitStored(String provider, java.util.function.Predicate<HealthRecord> match) {
        return Await.until(() -> StoredRecords.decode(raw().sync().hget("relay4j:{ns}:health", provider))
                .filter(match), WAIT, () -> "no stored record for " + provider + " matched");
    }
}
