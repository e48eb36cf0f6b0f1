package io.relay4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmRouter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * With the profile {@code real} and the two keys set, the application starts no simulator and its router holds the
 * configured providers; the page's ban switch answers 404. No vendor is called.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ANTHROPIC_API_KEY=test-anthropic-key", "OPENAI_API_KEY=test-openai-key"})
@ActiveProfiles("real")
class RealProfileTest {

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    @Autowired
    private LlmRouter router;

    @Test
    void theRealProfileStartsNoSimulatorAndTheBanSwitchIsNotFound() {
        assertThat(context.getBeansOfType(SimulatedVendors.class)).isEmpty();
        assertThat(router.providerNames()).containsExactly("claude", "gpt");

        WebTestClient http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create()))
                .baseUrl("http://127.0.0.1:" + port).build();
        http.get().uri("/simulator").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.enabled").isEqualTo(false)
                .jsonPath("$.providers").isEmpty();
        http.post().uri("/simulator/ban-primary").exchange().expectStatus().isNotFound().expectBody(String.class);
    }
}
