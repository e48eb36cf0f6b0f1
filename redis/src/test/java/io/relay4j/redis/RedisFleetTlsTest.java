package io.relay4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.redis.testing.CapturedLogs;
import io.relay4j.redis.testing.RecordedUpdates;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import io.relay4j.redis.testing.TestCertificates;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * TLS through the URI ({@code rediss://}) against a real redis-server that speaks TLS only, with a certificate from
 * a throwaway CA: the two ways to trust that CA that RedisFleet's Javadoc documents, that verification is really on
 * without them, and that a wrong password over TLS is refused without the password reaching a log.
 */
class RedisFleetTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(8);

    private static TestCertificates certificates;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void certificates() {
        certificates = TestCertificates.generate();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void instancesShareRecordsAndTheProbeLeaseOverTlsWithVerifyPeerNoneInTheUri() {
        RedisServerProcess redis = server(List.of());
        String uri = "rediss://127.0.0.1:" + redis.port() + "?verifyPeer=NONE";

        assertShared(RedisFleet.builder().uri(uri), RedisFleet.builder().uri(uri));
    }

    @Test
    void anApplicationsClientWithSslOptionsTrustsAPrivateCaAndVerifiesTheHost() {
        RedisServerProcess redis = server(List.of());
        String uri = "rediss://127.0.0.1:" + redis.port(); // verifyPeer FULL: the chain and the host name

        assertShared(RedisFleet.builder().client(trustingClient()).uri(uri),
                RedisFleet.builder().client(trustingClient()).uri(uri));
    }

    @Test
    void withoutTrustingTheCaTheFleetDoesNotConnectAndAnswersLocally() {
        RedisServerProcess redis = server(List.of());
        try (CapturedLogs logs = CapturedLogs.start()) {
            RedisFleet fleet = closing(RedisFleet.builder().uri("rediss://127.0.0.1:" + redis.port())
                    .namespace("tls").build());
            HealthStore.Session session = closing(fleet.healthStore().open(r -> { }));

            Await.until(() -> logs.anyContains("cannot connect to Redis at 127.0.0.1:" + redis.port() + " (tls)"),
                    WAIT, "the refused certificate was not logged");
            assertThat(fleet.connected()).isFalse();
            StepVerifier.create(session.acquireProbe("p", Duration.ofSeconds(1))).as("granted locally")
                    .expectNext(true).verifyComplete();
        }
    }

    @Test
    void aWrongPasswordOverTlsIsRefusedAndNoPasswordReachesALog() {
        String password = "tls-s3cr3t-Pa55";
        String wrong = "wrong-" + password;
        RedisServerProcess redis = server(List.of("--requirepass", password));
        try (CapturedLogs logs = CapturedLogs.start()) {
            try (RedisFleet good = RedisFleet.builder().client(trustingClient())
                    .uri("rediss://:" + password + "@127.0.0.1:" + redis.port()).namespace("tls").build();
                 HealthStore.Session session = good.healthStore().open(r -> { })) {
                Await.until(good::connected, WAIT, "the right password over TLS did not connect");
            }
            try (RedisFleet bad = RedisFleet.builder().client(trustingClient())
                    .uri("rediss://:" + wrong + "@127.0.0.1:" + redis.port()).namespace("tls").build();
                 HealthStore.Session session = bad.healthStore().open(r -> { })) {
                Await.until(() -> logs.anyContains("cannot connect"), WAIT, "the refused password was not logged");
                Await.until(() -> logs.anyContains("WRONGPASS"), WAIT, "the server's reason was not logged");
                assertThat(bad.connected()).isFalse();
                assertThat(bad.toString()).doesNotContain(wrong).contains("(tls)");
                StepVerifier.create(session.acquireProbe("p", Duration.ofSeconds(1))).expectNext(true)
                        .verifyComplete();
            }
            logs.assertNoneContains(password);
        }
    }

    private void assertShared(RedisFleet.Builder a, RedisFleet.Builder b) {
        RedisFleet fleetA = closing(a.namespace("tls").instanceId("a").build());
        RedisFleet fleetB = closing(b.namespace("tls").instanceId("b").build());
        RecordedUpdates bUpdates = new RecordedUpdates();
        HealthStore.Session sessionA = closing(fleetA.healthStore().open(r -> { }));
        HealthStore.Session sessionB = closing(fleetB.healthStore().open(bUpdates));
        Await.until(() -> fleetA.connected() && fleetB.connected(), WAIT, "the fleets did not connect over TLS");
        assertThat(fleetA.toString()).contains("(tls)");

        StepVerifier.create(sessionA.acquireProbe("p", Duration.ofSeconds(30))).expectNext(true).verifyComplete();
        StepVerifier.create(sessionB.acquireProbe("p", Duration.ofSeconds(30))).as("A holds the lease")
                .expectNext(false).verifyComplete();
        Instant at = Instant.now();
        sessionA.publish(HealthRecord.builder("p", HealthState.COOLING_DOWN, at).until(at.plusSeconds(30)).build());

        HealthRecord seen = bUpdates.await(r -> r.provider().equals("p"), WAIT);
        assertThat(seen.at()).isEqualTo(at);
        assertThat(seen.origin()).isEqualTo("a");
    }

    /**
     * The production way for a private CA: the application's client trusts it through its SslOptions, read into
     * memory once. Not {@code trustManager(File)}: Lettuce reads that file again at each connection, on its event
     * loop, which BlockHound rejects (a blocking read on a non-blocking thread, which no fleet code can move).
     */
    private RedisClient trustingClient() {
        byte[] ca = certificates.caPem();
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .sslOptions(SslOptions.builder().trustManager(() -> new ByteArrayInputStream(ca)).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
                .build());
        closing.add(client::shutdown);
        return client;
    }

    private RedisServerProcess server(List<String> extraArgs) {
        return closing(RedisServerProcess.startTls(certificates, extraArgs));
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closing.add(resource);
        return resource;
    }
}
