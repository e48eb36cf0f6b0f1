package io.relay4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.SimClient.Reply;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class OpenAiWireFormatTest {

    private static SimulatorServer server;
    private static SimClient client;

    @BeforeAll
    static void start() {
        server = Simulators.start(Vendor.OPENAI, Behaviour.builder().answerTokens(12).seed(1).build());
        client = new SimClient(server);
    }

    @AfterAll
    static void stop() {
        Simulators.stop(server);
    }

    @Test
    void baseUrlEndsWithTheV1Prefix() {
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
    }

    @Test
    void completionHasTheChatCompletionShapeAndUsage() {
        Reply reply = client.call(false, client.request(false)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
        assertThat(reply.headers().get("x-request-id")).startsWith("req_");
        assertThat(reply.headers().get("x-ratelimit-limit-requests")).isEqualTo("10000");
        assertThat(reply.headers().get("x-ratelimit-remaining-requests")).matches("\\d+");
        assertThat(reply.headers().get("x-ratelimit-reset-requests")).isEqualTo("6ms");
        JsonNode body = reply.json();
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText().split(" ")).hasSize(12);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(12);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(19);
    }

    @Test
    void maxCompletionTokensShortensTheAnswerWithFinishReasonLength() {
        Reply reply = client.call(false, VendorRequests.body(Vendor.OPENAI, false, false, 5)).block(SimClient.TIMEOUT);

        JsonNode choice = reply.json().get("choices").get(0);
        assertThat(choice.get("message").get("content").asText().split(" ")).hasSize(5);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        assertThat(reply.json().get("usage").get("completion_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void streamIsDataOnlyChunksThenFinishThenUsageThenDone() throws Exception {
        Reply reply = client.call(true, VendorRequests.body(Vendor.OPENAI, true, true, 0)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(reply.headers().get("x-request-id")).startsWith("req_");
        assertThat(reply.body()).doesNotContain("\r").endsWith("data: [DONE]\n\n");
        List<SseEvents.Event> events = SseEvents.parse(reply.body(), "\n");
        assertThat(events).extracting(SseEvents.Event::name).containsOnly("message");
        assertThat(events).hasSize(1 + 12 + 1 + 1 + 1);
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");

        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(e -> json(e.data())).toList();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("id").asText()).isEqualTo(chunks.get(0).get("id").asText());
        });
        JsonNode first = chunks.get(0).get("choices").get(0).get("delta");
        assertThat(first.get("role").asText()).isEqualTo("assistant");
        assertThat(first.get("content").asText()).isEmpty();
        String text = chunks.subList(1, 13).stream()
                .map(chunk -> chunk.get("choices").get(0).get("delta").get("content").asText())
                .collect(Collectors.joining());
        assertThat(text.split(" ")).hasSize(12);
        JsonNode finish = chunks.get(13).get("choices").get(0);
        assertThat(finish.get("delta").isEmpty()).isTrue();
        assertThat(finish.get("finish_reason").asText()).isEqualTo("stop");
        JsonNode usageChunk = chunks.get(14);
        assertThat(usageChunk.get("choices").isEmpty()).isTrue();
        assertThat(usageChunk.get("usage").get("completion_tokens").asInt()).isEqualTo(12);
        assertThat(usageChunk.get("usage").get("prompt_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        Reply reply = client.call(true, client.request(true)).block(SimClient.TIMEOUT);

        List<SseEvents.Event> events = SseEvents.parse(reply.body(), "\n");
        assertThat(events).hasSize(1 + 12 + 1 + 1);
        assertThat(reply.body()).doesNotContain("\"usage\"");
    }

    @Test
    void streamedTextEqualsTheNonStreamedTextForTheSameSeedAndIndex() {
        SimulatorServer fresh = Simulators.start(Vendor.OPENAI, Behaviour.builder().seed(99).build());
        try {
            SimClient other = new SimClient(fresh);
            String whole = other.call(false, other.request(false)).block(SimClient.TIMEOUT)
                    .json().get("choices").get(0).get("message").get("content").asText();
            fresh.setBehaviour(Behaviour.builder().seed(99).build());
            Reply streamed = other.call(true, other.request(true)).block(SimClient.TIMEOUT);
            List<SseEvents.Event> events = SseEvents.parse(streamed.body(), "\n");
            String text = events.subList(1, events.size() - 2).stream()
                    .map(e -> json(e.data()).get("choices").get(0).get("delta").get("content").asText())
                    .collect(Collectors.joining());
            assertThat(text).isEqualTo(whole).matches("[A-Z][a-z]+( [A-Za-z]+\\.?)*\\.");
        } finally {
            Simulators.stop(fresh);
        }
    }

    @Test
    void missingBearerTokenIs401InOpenAiFormat() {
        Reply reply = client.post("/v1/chat/completions", Map.of("content-type", "application/json"),
                client.request(false)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(401);
        JsonNode error = reply.json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains("API key");
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
    }

    @Test
    void unknownPathIs404AndBrokenBodyIs400() {
        Reply notFound = client.post("/v1/completions", VendorRequests.authHeaders(Vendor.OPENAI), "{}")
                .block(SimClient.TIMEOUT);
        Reply broken = client.post("/v1/chat/completions", VendorRequests.authHeaders(Vendor.OPENAI), "{\"model\":")
                .block(SimClient.TIMEOUT);
        Reply noMessages = client.post("/v1/chat/completions", VendorRequests.authHeaders(Vendor.OPENAI),
                "{\"model\":\"gpt-4o\"}").block(SimClient.TIMEOUT);

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("error").get("message").asText()).isEqualTo("Invalid URL (POST /v1/completions)");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(noMessages.status()).isEqualTo(400);
        assertThat(noMessages.json().get("error").get("message").asText()).contains("messages");
    }

    static boolean isJson(String text) {
        try {
            SimClient.JSON.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static JsonNode json(String text) {
        try {
            return SimClient.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
