package io.relay4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.redis.testing.CapturedLogs;
import io.relay4j.redis.testing.RecordedUpdates;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Sentinel through the URI ({@code redis-sentinel://host:port?sentinelMasterId=name}) against real processes: a
 * master, its replica and one Sentinel (quorum 1) monitoring them.
 */
class RedisFleetSentinelTest {

    private static final Duration WAIT = Duration.ofSeconds(8);
    private static final String MASTER = "mymaster";

    private RedisServerProcess master;
    private RedisServerProcess replica;
    private RedisServerProcess sentinel;
    private RedisClient sentinelClient;
    private StatefulRedisSentinelConnection<String, String> sentinelAdmin;
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** A master, its replica and a Sentinel; with a password, the master and replica require it. */
    private void start(Optional<String> password) {
        List<String> auth = password.map(p -> List.of("--requirepass", p, "--masterauth", p)).orElse(List.of());
        master = RedisServerProcess.start(auth);
        List<String> replicaArgs = new ArrayList<>(auth);
        replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(master.port())));
        replica = RedisServerProcess.start(replicaArgs);
        sentinel = RedisServerProcess.startSentinel(MASTER, master.port(),
                password.map(p -> List.of("sentinel auth-pass " + MASTER + " " + p)).orElse(List.of()));
        sentinelClient = RedisClient.create();
        sentinelAdmin = sentinelClient.connectSentinel(io.lettuce.core.RedisURI.create(sentinelUri("")));
    }

    @AfterEach
    void stop() throws Exception {
        closeAll();
        for (AutoCloseable c : new AutoCloseable[] {sentinelAdmin, sentinelClient::shutdown, sentinel, replica,
                master}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void instancesFoundThroughTheSentinelShareRecordsAndTheProbeLease() {
        start(Optional.empty());
        Fleet a = fleet("a");
        Fleet b = fleet("b");
        awaitConnected(a, b);
        assertThat(a.fleet.toString()).contains("sentinel 127.0.0.1:" + sentinel.port() + " master " + MASTER);

        assertShared(a, b, "p");
    }

    @Test
    void afterAFailoverTheFleetReconnectsToTheNewMasterAndSharingResumesWhileCallsNeverWait() {
        start(Optional.empty());
        Fleet a = fleet("a");
        Fleet b = fleet("b");
        awaitConnected(a, b);
        awaitReplicaKnownToSentinel();

        master.kill();
        Await.until(() -> !a.fleet.connected(), WAIT, "A never noticed the master was gone");
        long start = System.nanoTime();
        Instant during = Instant.now();
        a.session.publish(HealthRecord.builder("q", HealthState.DISABLED, during).build());
        StepVerifier.create(a.session.acquireProbe("r", Duration.ofSeconds(30))).as("granted locally")
                .expectNext(true).verifyComplete();
        a.session.releaseProbe("r");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("calls answer at once while the master is down")
                .isLessThan(Duration.ofMillis(500));

        Await.until(() -> masterPort().filter(p -> p == replica.port()), WAIT,
                () -> "the Sentinel did not promote the replica; it names " + masterPort());
        awaitConnected(a, b);
        b.updates.await(r -> r.provider().equals("q") && r.at().equals(during), WAIT);
        assertShared(a, b, "p");
    }

    @Test
    void theMastersPasswordInTheSentinelUriAuthenticatesAndAWrongOneIsRefusedUnlogged() throws Exception {
        String password = "sentinel-s3cr3t-Pa55";
        start(Optional.of(password));
        try (CapturedLogs logs = CapturedLogs.start()) {
            Fleet a = fleet("a", ":" + password + "@");
            Fleet b = fleet("b", ":" + password + "@");
            awaitConnected(a, b);
            assertShared(a, b, "p");

            Fleet wrong = fleet("w", ":wrong-" + password + "@");
            Await.until(() -> logs.anyContains("WRONGPASS"), WAIT, "the wrong password was not refused");
            assertThat(wrong.fleet.connected()).isFalse();
            assertThat(wrong.fleet.toString()).doesNotContain(password);
            closeAll();
            logs.assertNoneContains(password);
        }
    }

    private void assertShared(Fleet a, Fleet b, String provider) {
        StepVerifier.create(a.session.acquireProbe(provider, Duration.ofSeconds(30))).expectNext(true)
                .verifyComplete();
        StepVerifier.create(b.session.acquireProbe(provider, Duration.ofSeconds(30))).as("A holds the lease")
                .expectNext(false).verifyComplete();
        Instant at = Instant.now();
        a.session.publish(HealthRecord.builder(provider, HealthState.COOLING_DOWN, at).until(at.plusSeconds(30))
                .build());
        HealthRecord seen = b.updates.await(r -> r.provider().equals(provider) && r.at().equals(at), WAIT);
        assertThat(seen.origin()).isEqualTo("a");
    }

    private void awaitReplicaKnownToSentinel() {
        Await.until(() -> sentinelAdmin.sync().replicas(MASTER).stream().anyMatch(this::isGoodReplica), WAIT,
                "the Sentinel never saw the replica in sync");
    }

    private boolean isGoodReplica(Map<String, String> r) {
        return String.valueOf(replica.port()).equals(r.get("port")) && "slave".equals(r.get("flags"))
                && "ok".equals(r.get("master-link-status"));
    }

    private Optional<Integer> masterPort() {
        SocketAddress address = sentinelAdmin.sync().getMasterAddrByName(MASTER);
        return address instanceof InetSocketAddress inet ? Optional.of(inet.getPort()) : Optional.empty();
    }

    /** {@code redis-sentinel://<credentials>127.0.0.1:<port>?sentinelMasterId=mymaster}. */
    private String sentinelUri(String credentials) {
        return "redis-sentinel://" + credentials + "127.0.0.1:" + sentinel.port() + "?sentinelMasterId=" + MASTER;
    }

    private Fleet fleet(String instance) {
        return fleet(instance, "");
    }

    private Fleet fleet(String instance, String credentials) {
        RedisFleet fleet = RedisFleet.builder().uri(sentinelUri(credentials)).namespace("sentinel").instanceId(instance)
                .resyncInterval(Duration.ofMillis(500)).build();
        closing.add(fleet);
        RecordedUpdates updates = new RecordedUpdates();
        HealthStore.Session session = fleet.healthStore().open(updates);
        closing.add(session);
        return new Fleet(fleet, session, updates);
    }

    private void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        closing.clear();
    }

    private static void awaitConnected(Fleet a, Fleet b) {
        Await.until(() -> a.fleet.connected() && b.fleet.connected(), WAIT,
                "the fleets did not connect through the Sentinel");
    }

    private record Fleet(RedisFleet fleet, HealthStore.Session session, RecordedUpdates updates) {
    }
}
