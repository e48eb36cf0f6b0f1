package io.relay4j.simulator;

import static io.relay4j.simulator.OpenAiWireFormatTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.SimClient.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class AnthropicWireFormatTest {

    private static SimulatorServer server;
    private static SimClient client;

    @BeforeAll
    static void start() {
        server = Simulators.start(Vendor.ANTHROPIC, Behaviour.builder().answerTokens(10).seed(2).build());
        client = new SimClient(server);
    }

    @AfterAll
    static void stop() {
        Simulators.stop(server);
    }

    @Test
    void messageHasTheMessagesShapeAndHeaders() {
        Reply reply = client.call(false, client.request(false)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
        assertThat(reply.headers().get("request-id")).startsWith("req_");
        assertThat(reply.headers().get("anthropic-ratelimit-requests-limit")).isEqualTo("4000");
        assertThat(Instant.parse(reply.headers().get("anthropic-ratelimit-tokens-reset"))).isNotNull();
        JsonNode body = reply.json();
        assertThat(body.get("id").asText()).startsWith("msg_");
        assertThat(body.get("type").asText()).isEqualTo("message");
        assertThat(body.get("role").asText()).isEqualTo("assistant");
        assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.get("content").get(0).get("type").asText()).isEqualTo("text");
        assertThat(body.get("content").get(0).get("text").asText().split(" ")).hasSize(10);
        assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.get("stop_sequence").isNull()).isTrue();
        assertThat(body.get("usage").get("input_tokens").asInt()).isEqualTo(7);
        assertThat(body.get("usage").get("output_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void maxTokensBelowTheAnswerLengthStopsWithMaxTokens() {
        Reply reply = client.call(false, VendorRequests.body(Vendor.ANTHROPIC, false, false, 4)).block(SimClient.TIMEOUT);

        assertThat(reply.json().get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(reply.json().get("usage").get("output_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void streamHasNamedEventsInTheDocumentedOrderWithCumulativeUsage() {
        Reply reply = client.call(true, client.request(true)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(reply.headers().get("request-id")).startsWith("req_");
        List<SseEvents.Event> events = SseEvents.parse(reply.body(), "\n");
        List<String> names = events.stream().map(SseEvents.Event::name).toList();
        assertThat(names.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
        assertThat(names.subList(3, 13)).containsOnly("content_block_delta");
        assertThat(names.subList(13, names.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(events).allSatisfy(e -> assertThat(json(e.data()).get("type").asText()).isEqualTo(e.name()));

        JsonNode start = json(events.get(0).data()).get("message");
        assertThat(start.get("content").isEmpty()).isTrue();
        assertThat(start.get("stop_reason").isNull()).isTrue();
        assertThat(start.get("usage").get("input_tokens").asInt()).isEqualTo(7);
        String text = events.subList(3, 13).stream()
                .map(e -> json(e.data()).get("delta"))
                .peek(delta -> assertThat(delta.get("type").asText()).isEqualTo("text_delta"))
                .map(delta -> delta.get("text").asText())
                .collect(Collectors.joining());
        assertThat(text.split(" ")).hasSize(10);
        JsonNode messageDelta = json(events.get(14).data());
        assertThat(messageDelta.get("delta").get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(messageDelta.get("usage").get("output_tokens").asInt()).isEqualTo(10);
    }

    @Test
    void missingApiKeyIs401AndMissingVersionIs400InAnthropicFormat() {
        Reply noKey = client.post("/v1/messages", Map.of("anthropic-version", "2023-06-01"), client.request(false))
                .block(SimClient.TIMEOUT);
        Reply noVersion = client.post("/v1/messages", Map.of("x-api-key", "k"), client.request(false))
                .block(SimClient.TIMEOUT);

        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.json().get("type").asText()).isEqualTo("error");
        assertThat(noKey.json().get("error").get("type").asText()).isEqualTo("authentication_error");
        assertThat(noKey.json().get("request_id").asText()).startsWith("req_");
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.json().get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(noVersion.json().get("error").get("message").asText()).contains("anthropic-version");
    }

    @Test
    void bearerTokenIsAcceptedInsteadOfApiKey() {
        Reply reply = client.post("/v1/messages", Map.of("authorization", "Bearer oauth-token",
                "anthropic-version", "2023-06-01"), client.request(false)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void missingMaxTokensIs400() {
        Reply reply = client.post("/v1/messages", VendorRequests.authHeaders(Vendor.ANTHROPIC),
                "{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").get("message").asText()).contains("max_tokens");
    }
}
