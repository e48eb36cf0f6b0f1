package io.relay4j.simulator;

import static io.relay4j.simulator.OpenAiWireFormatTest.json;
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
class GeminiWireFormatTest {

    private static SimulatorServer server;
    private static SimClient client;

    @BeforeAll
    static void start() {
        server = Simulators.start(Vendor.GEMINI, Behaviour.builder().answerTokens(8).seed(3).build());
        client = new SimClient(server);
    }

    @AfterAll
    static void stop() {
        Simulators.stop(server);
    }

    @Test
    void baseUrlEndsWithTheV1BetaPrefix() {
        assertThat(server.baseUrl()).endsWith(":" + server.port() + "/v1beta");
    }

    @Test
    void generateContentHasCandidatesFinishReasonAndUsageMetadata() {
        Reply reply = client.call(false, client.request(false)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo("application/json; charset=UTF-8");
        JsonNode body = reply.json();
        JsonNode candidate = body.get("candidates").get(0);
        assertThat(candidate.get("content").get("role").asText()).isEqualTo("model");
        assertThat(candidate.get("content").get("parts").get(0).get("text").asText().split(" ")).hasSize(8);
        assertThat(candidate.get("finishReason").asText()).isEqualTo("STOP");
        assertThat(body.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
        JsonNode usage = body.get("usageMetadata");
        assertThat(usage.get("promptTokenCount").asInt()).isEqualTo(7);
        assertThat(usage.get("candidatesTokenCount").asInt()).isEqualTo(8);
        assertThat(usage.get("totalTokenCount").asInt()).isEqualTo(15);
    }

    @Test
    void maxOutputTokensStopsWithMaxTokens() {
        Reply reply = client.call(false, VendorRequests.body(Vendor.GEMINI, false, false, 3)).block(SimClient.TIMEOUT);

        assertThat(reply.json().get("candidates").get(0).get("finishReason").asText()).isEqualTo("MAX_TOKENS");
        assertThat(reply.json().get("usageMetadata").get("candidatesTokenCount").asInt()).isEqualTo(3);
    }

    @Test
    void streamIsCrlfFramedIncrementalTextWithFinishReasonOnlyOnTheLastChunkAndNoSentinel() {
        Reply reply = client.call(true, client.request(true)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo("text/event-stream");
        assertThat(reply.body().replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(reply.body()).doesNotContain("[DONE]");
        List<SseEvents.Event> events = SseEvents.parse(reply.body(), "\r\n");
        assertThat(events).hasSize(8);
        List<JsonNode> chunks = events.stream().map(e -> json(e.data())).toList();
        assertThat(chunks.subList(0, 7)).allSatisfy(chunk -> {
            assertThat(chunk.get("candidates").get(0).has("finishReason")).isFalse();
            assertThat(chunk.get("usageMetadata").get("promptTokenCount").asInt()).isEqualTo(7);
            assertThat(chunk.get("usageMetadata").has("candidatesTokenCount")).isFalse();
        });
        JsonNode last = chunks.get(7);
        assertThat(last.get("candidates").get(0).get("finishReason").asText()).isEqualTo("STOP");
        assertThat(last.get("usageMetadata").get("candidatesTokenCount").asInt()).isEqualTo(8);
        String text = chunks.stream()
                .map(chunk -> chunk.get("candidates").get(0).get("content").get("parts").get(0).get("text").asText())
                .collect(Collectors.joining());
        assertThat(text.split(" ")).hasSize(8);
    }

    @Test
    void keyQueryParameterIsAcceptedAndMissingKeyIs401InGoogleFormat() {
        Reply withQueryKey = client.post("/v1beta/models/gemini-2.5-flash:generateContent?key=AIza",
                Map.of(), client.request(false)).block(SimClient.TIMEOUT);
        Reply noKey = client.post("/v1beta/models/gemini-2.5-flash:generateContent", Map.of(), client.request(false))
                .block(SimClient.TIMEOUT);

        assertThat(withQueryKey.status()).isEqualTo(200);
        assertThat(noKey.status()).isEqualTo(401);
        JsonNode error = noKey.json().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(401);
        assertThat(error.get("status").asText()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void streamWithoutAltSseAndMissingContentsAre400() {
        Reply noAlt = client.post("/v1beta/models/gemini-2.5-flash:streamGenerateContent",
                VendorRequests.authHeaders(Vendor.GEMINI), client.request(true)).block(SimClient.TIMEOUT);
        Reply noContents = client.post("/v1beta/models/gemini-2.5-flash:generateContent",
                VendorRequests.authHeaders(Vendor.GEMINI), "{}").block(SimClient.TIMEOUT);
        Reply unknownMethod = client.post("/v1beta/models/gemini-2.5-flash:countTokens",
                VendorRequests.authHeaders(Vendor.GEMINI), "{}").block(SimClient.TIMEOUT);

        assertThat(noAlt.status()).isEqualTo(400);
        assertThat(noAlt.json().get("error").get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(noContents.status()).isEqualTo(400);
        assertThat(unknownMethod.status()).isEqualTo(404);
        assertThat(unknownMethod.json().get("error").get("status").asText()).isEqualTo("NOT_FOUND");
    }
}
