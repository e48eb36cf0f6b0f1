package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Vendor;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * The actuator over HTTP, on a WebFlux application whose router calls the simulator's Anthropic and OpenAI servers:
 * a banned provider cools down in its health component while {@code /actuator/health} stays UP (200), the health is
 * DOWN (503) only when no provider can serve, and the {@code relay4j} endpoint lists the providers and disables or
 * enables one at run time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = Relay4jActuatorHttpTest.Application.class,
        properties = {"management.endpoints.web.exposure.include=health,relay4j",
                "management.endpoint.health.show-details=always"})
@ExtendWith(NettyLeakGuard.class)
class Relay4jActuatorHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String KEY = "sim-key-0123456789";

    private static SimulatorServer claudeServer;
    private static SimulatorServer gptServer;

    @LocalServerPort
    private int port;

    private WebTestClient http;

    @Autowired
    private LlmRouter router;

    @SpringBootApplication
    static class Application {
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        claudeServer = start(Vendor.ANTHROPIC);
        gptServer = start(Vendor.OPENAI);
        registry.add("relay4j.providers.claude.vendor", () -> "anthropic");
        registry.add("relay4j.providers.claude.api-key", () -> KEY);
        registry.add("relay4j.providers.claude.model", () -> "claude-sonnet-4-5");
        registry.add("relay4j.providers.claude.base-url", claudeServer::baseUrl);
        registry.add("relay4j.providers.gpt.vendor", () -> "openai");
        registry.add("relay4j.providers.gpt.api-key", () -> KEY);
        registry.add("relay4j.providers.gpt.model", () -> "gpt-4o-mini");
        registry.add("relay4j.providers.gpt.base-url", gptServer::baseUrl);
    }

    private static SimulatorServer start(Vendor vendor) {
        // the test thread waits for the port; the simulator itself never blocks
        return SimulatorServer.builder(vendor).behaviour(Behaviour.healthy()).bind().block(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopSimulators() {
        claudeServer.close();
        gptServer.close();
        claudeServer.onClose().block(TIMEOUT);
        gptServer.onClose().block(TIMEOUT);
    }

    @BeforeEach
    void everyProviderHealthy() {
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create()))
                .baseUrl("http://127.0.0.1:" + port).build();
        claudeServer.setBehaviour(Behaviour.healthy());
        gptServer.setBehaviour(Behaviour.healthy());
        // disable then enable: the one way to put a provider back to healthy at once, whatever it went through
        for (String name : router.providerNames()) {
            router.disable(name);
            router.enable(name);
        }
    }

    @Test
    void aBannedProviderCoolsDownInItsComponentWhileTheApplicationStaysUp() {
        claudeServer.setBehaviour(Behaviour.always(Fault.BAN_403));

        assertThat(generate().provider()).isEqualTo("gpt");

        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.relay4j.status").isEqualTo("UP")
                .jsonPath("$.components.relay4j.components.claude.status").isEqualTo("COOLING_DOWN")
                .jsonPath("$.components.relay4j.components.claude.details.state").isEqualTo("COOLING_DOWN")
                .jsonPath("$.components.relay4j.components.claude.details.lastError").isEqualTo("POLICY_VIOLATION")
                .jsonPath("$.components.relay4j.components.claude.details.coolingDownUntil").isNotEmpty()
                .jsonPath("$.components.relay4j.components.gpt.status").isEqualTo("UP");
        http.get().uri("/actuator/health/relay4j/claude").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("COOLING_DOWN");
    }

    @Test
    void theHealthIsDownOnlyWhenNoProviderCanServe() {
        claudeServer.setBehaviour(Behaviour.always(Fault.BAN_403));
        gptServer.setBehaviour(Behaviour.always(Fault.BAN_403));

        assertThatThrownBy(this::generate).isInstanceOf(AllProvidersFailed.class);

        http.get().uri("/actuator/health").exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody()
                .jsonPath("$.status").isEqualTo("DOWN")
                .jsonPath("$.components.relay4j.status").isEqualTo("DOWN")
                .jsonPath("$.components.relay4j.components.claude.status").isEqualTo("DOWN")
                .jsonPath("$.components.relay4j.components.gpt.status").isEqualTo("DOWN");
    }

    @Test
    void theEndpointDisablesAProviderSoRequestsGoToTheOtherAndEnablesItAgain() {
        http.get().uri("/actuator/relay4j").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.providers[0].name").isEqualTo("claude")
                .jsonPath("$.providers[0].status").isEqualTo("UP")
                .jsonPath("$.providers[1].name").isEqualTo("gpt");
        assertThat(generate().provider()).isEqualTo("claude");

        http.post().uri("/actuator/relay4j/claude").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", false)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.name").isEqualTo("claude")
                .jsonPath("$.enabled").isEqualTo(false)
                .jsonPath("$.status").isEqualTo("DISABLED");
        long claudeRequests = claudeServer.stats().requestsReceived();
        assertThat(generate().provider()).isEqualTo("gpt");
        assertThat(claudeServer.stats().requestsReceived()).as("a disabled provider is skipped without a call")
                .isEqualTo(claudeRequests);
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.relay4j.components.claude.status").isEqualTo("DISABLED");

        http.post().uri("/actuator/relay4j/claude").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        assertThat(generate().provider()).isEqualTo("claude");
    }

    @Test
    void anUnknownProviderIsNotFoundOrABadRequest() {
        http.get().uri("/actuator/relay4j/nobody").exchange().expectStatus().isNotFound();
        http.post().uri("/actuator/relay4j/nobody").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", false)).exchange().expectStatus().isBadRequest()
                // read to its end: an error body left unread is never released by the client
                .expectBody(String.class);
    }

    private LlmResponse generate() {
        // the test thread waits for the answer; the router and the providers never block
        return router.generate(LlmRequest.of("Say hello")).block(TIMEOUT);
    }
}
