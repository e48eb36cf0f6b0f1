package io.relay4j.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.spi.HealthStore;
import io.relay4j.redis.testing.CapturedLogs;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RedisFleetBuilderTest {

    @Test
    void missingRequiredSettingsAreNamed() {
        assertThatThrownBy(() -> RedisFleet.builder().namespace("ns").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("uri is required");
        assertThatThrownBy(() -> RedisFleet.builder().uri("redis://localhost").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("namespace is required");
        assertThatThrownBy(() -> RedisFleet.builder().uri("redis://localhost").namespace("ns").cluster(true)
                .client(io.lettuce.core.RedisClient.create()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster(true) and client(RedisClient) do not go together");
    }

    @Test
    void badValuesFailAtOnceWithWhatIsAccepted() {
        RedisFleet.Builder b = RedisFleet.builder();
        assertThatThrownBy(() -> b.namespace("my fleet")).hasMessageContaining("namespace must be 1 to 100 "
                + "characters of [A-Za-z0-9._-]").hasMessageContaining("'my fleet'");
        assertThatThrownBy(() -> b.namespace("a{b}")).hasMessageContaining("[A-Za-z0-9._-]");
        assertThatThrownBy(() -> b.namespace("")).hasMessageContaining("namespace must be");
        assertThatThrownBy(() -> b.namespace(null)).hasMessageContaining("was null");
        assertThatThrownBy(() -> b.commandTimeout(Duration.ZERO)).hasMessage("commandTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> b.resyncInterval(Duration.ofSeconds(-1)))
                .hasMessage("resyncInterval must be positive, was PT-1S");
        assertThatThrownBy(() -> b.instanceId(" ")).hasMessageContaining("instanceId must be 1 to 200 characters");
        assertThatThrownBy(() -> b.uri("")).hasMessageContaining("uri must be a Redis URI");
        assertThatThrownBy(() -> b.uri("http://example.com")).hasMessageContaining("not a Redis URI");
    }

    @Test
    void aBadUrisMessageNeverRepeatsItsPassword() {
        for (String uri : List.of("redis://:hunter2-secret@localhost:99999999", "redis://:hunter2-secret@",
                "redis-sentinel://:hunter2-secret@")) {
            assertThatThrownBy(() -> RedisFleet.builder().uri(uri))
                    .as(uri)
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).startsWith("uri ").doesNotContain("hunter2-secret");
                        assertThat(e.getCause()).isNull();
                    });
        }
    }

    @Test
    void thePasswordInTheUriAuthenticatesAndNeverReachesALogOrAnException() {
        String password = "s3cr3t-Pa55-fleet";
        try (CapturedLogs logs = CapturedLogs.start();
             RedisServerProcess redis = RedisServerProcess.start(List.of("--requirepass", password))) {
            String uri = "redis://:" + password + "@127.0.0.1:" + redis.port();
            try (RedisFleet good = RedisFleet.builder().uri(uri).namespace("auth").build();
                 HealthStore.Session session = good.healthStore().open(r -> { })) {
                Await.until(good::connected, Duration.ofSeconds(5), "did not authenticate");
                assertThat(good.toString()).doesNotContain(password).contains("127.0.0.1:" + redis.port());
            }
            String wrong = "wrong-" + password;
            try (RedisFleet bad = RedisFleet.builder().uri("redis://:" + wrong + "@127.0.0.1:" + redis.port())
                    .namespace("auth").build();
                 HealthStore.Session session = bad.healthStore().open(r -> { })) {
                StepVerifier.create(session.acquireProbe("p", Duration.ofSeconds(1))).expectNext(true)
                        .verifyComplete();
                Await.until(() -> logs.anyContains("cannot connect"), Duration.ofSeconds(5),
                        "the refused connection was not logged");
                assertThat(bad.connected()).isFalse();
            }
            logs.assertNoneContains(password);
        }
    }
}
