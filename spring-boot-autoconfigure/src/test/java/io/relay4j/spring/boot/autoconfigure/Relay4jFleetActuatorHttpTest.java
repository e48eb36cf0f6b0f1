package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.core.testing.ScriptedProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * Fleet mode with Redis down, over HTTP: the application started and {@code /actuator/health} answers 200 and
 * {@code UP}, the fleet's component is {@code DISCONNECTED} with its details, and the {@code relay4j} endpoint shows
 * the fleet not connected; the URI (and the password in it) appears nowhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = Relay4jFleetActuatorHttpTest.Application.class,
        properties = {"management.endpoints.web.exposure.include=health,relay4j",
                "management.endpoint.health.show-details=always", "relay4j.state.redis.namespace=checkout",
                "relay4j.state.redis.instance-id=pod-1", "relay4j.state.redis.share-budgets=false"})
@ExtendWith(NettyLeakGuard.class)
class Relay4jFleetActuatorHttpTest {

    private static final String PASSWORD = "s3cret-redis-password";

    @LocalServerPort
    private int port;

    @SpringBootApplication
    static class Application {
        @Bean
        LlmProvider gpt() {
            return ScriptedProvider.named("gpt");
        }
    }

    @DynamicPropertySource
    static void redisNobodyListensOn(DynamicPropertyRegistry registry) {
        registry.add("relay4j.state.redis.uri", () -> "redis://:" + PASSWORD + "@127.0.0.1:" + freePort());
    }

    @Test
    void redisDownLeavesTheHealthUpWithTheFleetDisconnectedInItsComponentAndTheEndpoint() {
        WebTestClient http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create()))
                .baseUrl("http://127.0.0.1:" + port).build();
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.relay4j.status").isEqualTo("UP")
                .jsonPath("$.components.relay4jFleet.status").isEqualTo("DISCONNECTED")
                .jsonPath("$.components.relay4jFleet.details.namespace").isEqualTo("checkout")
                .jsonPath("$.components.relay4jFleet.details.instanceId").isEqualTo("pod-1")
                .jsonPath("$.components.relay4jFleet.details.connected").isEqualTo(false)
                .consumeWith(body -> org.assertj.core.api.Assertions.assertThat(new String(body.getResponseBody()))
                        .doesNotContain(PASSWORD));
        http.get().uri("/actuator/relay4j").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.fleet.namespace").isEqualTo("checkout")
                .jsonPath("$.fleet.connected").isEqualTo(false);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
