package io.relay4j.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.NettyLeakGuard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * {@code POST /chat} over HTTP against the simulated vendors: the answer arrives as several {@code delta} events and
 * a {@code done} event naming the provider and the attempts; with the primary banned (the page's switch), the same
 * question is served by the secondary and the {@code done} event shows the primary's failed attempt first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chat.simulator.token-delay=5ms", "chat.simulator.answer-tokens=12"})
@ExtendWith(NettyLeakGuard.class)
class ChatStreamFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
            new ParameterizedTypeReference<>() { };

    @LocalServerPort
    private int port;

    @Autowired
    private SimulatedVendors simulated;

    private WebTestClient http;

    @BeforeEach
    void everyProviderHealthy() {
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create()))
                .baseUrl("http://127.0.0.1:" + port).responseTimeout(TIMEOUT).build();
        http.post().uri("/simulator/restore").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.enabled").isEqualTo(true);
    }

    @Test
    void aHealthyPrimaryStreamsTheAnswerAndNamesItself() {
        List<ServerSentEvent<Map<String, Object>>> events = ask("What is relay4j?");

        assertThat(deltas(events)).as("the answer arrives in several text events").hasSizeGreaterThan(3);
        Map<String, Object> done = last(events, ChatController.DONE);
        assertThat(done).containsEntry("provider", "claude").containsEntry("model", "claude-sonnet-4-5");
        assertThat(attempts(done)).containsExactly(List.of("claude", "PRIMARY", "SUCCESS", ""));
    }

    @Test
    void withThePrimaryBannedTheStreamFailsOverAndTheLastEventNamesTheSecondaryAndThePrimarysFailure() {
        http.post().uri("/simulator/ban-primary").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.providers[0].name").isEqualTo("claude")
                .jsonPath("$.providers[0].banned").isEqualTo(true)
                .jsonPath("$.providers[1].banned").isEqualTo(false);
        long claudeCalls = simulated.requestsReceived("claude");

        List<ServerSentEvent<Map<String, Object>>> events = ask("What is relay4j?");

        assertThat(simulated.requestsReceived("claude")).as("the banned primary was really called")
                .isEqualTo(claudeCalls + 1);
        List<String> deltas = deltas(events);
        assertThat(deltas).hasSizeGreaterThan(3);
        assertThat(String.join("", deltas)).isNotBlank();
        assertThat(events.get(events.size() - 1).event()).as("the summary ends the stream")
                .isEqualTo(ChatController.DONE);
        Map<String, Object> done = last(events, ChatController.DONE);
        assertThat(done).containsEntry("provider", "gpt").containsEntry("model", "gpt-4o-mini");
        assertThat(attempts(done)).containsExactly(
                List.of("claude", "PRIMARY", "FAILED", "POLICY_VIOLATION"),
                List.of("gpt", "FALLBACK", "SUCCESS", ""));

        // the banned primary now cools down: the next answer skips it without a call
        List<ServerSentEvent<Map<String, Object>>> next = ask("And then?");
        assertThat(simulated.requestsReceived("claude")).isEqualTo(claudeCalls + 1);
        assertThat(attempts(last(next, ChatController.DONE)).get(0)).containsExactly("claude", "PRIMARY", "SKIPPED",
                "COOLING_DOWN");
    }

    @Test
    void whenNoProviderCanAnswerTheStreamEndsWithAnErrorEventAndEveryAttempt() {
        simulated.ban("claude");
        simulated.ban("gpt");

        List<ServerSentEvent<Map<String, Object>>> events = ask("Anyone?");

        assertThat(deltas(events)).isEmpty();
        Map<String, Object> error = last(events, ChatController.ERROR);
        assertThat(error).containsEntry("error", "ALL_PROVIDERS_FAILED");
        assertThat(attempts(error)).extracting(attempt -> attempt.get(0) + ":" + attempt.get(2))
                .containsExactly("claude:FAILED", "gpt:FAILED");
    }

    @Test
    void liftingTheBanPutsThePrimaryBackAtOnce() {
        http.post().uri("/simulator/ban-primary").exchange().expectStatus().isOk().expectBody(String.class);
        assertThat(last(ask("One"), ChatController.DONE)).containsEntry("provider", "gpt");

        http.post().uri("/simulator/restore").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.providers[0].banned").isEqualTo(false);

        assertThat(last(ask("Two"), ChatController.DONE)).containsEntry("provider", "claude");
    }

    @Test
    void anEmptyQuestionIsABadRequest() {
        http.post().uri("/chat").contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(Map.of("question", " ")).exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class);
    }

    private List<ServerSentEvent<Map<String, Object>>> ask(String question) {
        List<ServerSentEvent<Map<String, Object>>> events = http.post().uri("/chat")
                .contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(Map.of("question", question))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(EVENT)
                .getResponseBody()
                .collectList()
                .block(TIMEOUT); // the test thread waits for the whole stream
        assertThat(events).isNotNull().isNotEmpty();
        return events;
    }

    private static List<String> deltas(List<ServerSentEvent<Map<String, Object>>> events) {
        return events.stream().filter(event -> ChatController.DELTA.equals(event.event()))
                .map(event -> (String) event.data().get("text")).toList();
    }

    private static Map<String, Object> last(List<ServerSentEvent<Map<String, Object>>> events, String name) {
        List<ServerSentEvent<Map<String, Object>>> named = events.stream()
                .filter(event -> name.equals(event.event())).toList();
        assertThat(named).as("one %s event in %s", name, events.stream().map(ServerSentEvent::event)
                .collect(Collectors.toList())).hasSize(1);
        return named.get(0).data();
    }

    /** Each attempt as [provider, kind, outcome, reason]. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> attempts(Map<String, Object> summary) {
        return ((List<Map<String, String>>) summary.get("attempts")).stream()
                .map(attempt -> List.of(attempt.get("provider"), attempt.get("kind"), attempt.get("outcome"),
                        attempt.get("reason")))
                .toList();
    }
}
