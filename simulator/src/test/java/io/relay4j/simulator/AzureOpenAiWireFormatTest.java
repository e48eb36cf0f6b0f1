package io.relay4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.SimClient.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Azure OpenAI's wire format: the deployment path with its api-version, the {@code api-key} header, Azure's error
 * envelope and content-filter shapes, and otherwise exactly OpenAI's bodies and stream (one writer for both).
 */
@ExtendWith(NettyLeakGuard.class)
class AzureOpenAiWireFormatTest {

    private static final int TOKENS = 12;
    private static final Behaviour SEEDED = Behaviour.builder().answerTokens(TOKENS).seed(1).build();

    private SimulatorServer server;
    private SimulatorServer openAi;
    private SimClient client;

    @AfterEach
    void stop() {
        Simulators.stop(server);
        if (openAi != null) {
            Simulators.stop(openAi);
        }
    }

    private void serve(Behaviour behaviour) {
        server = Simulators.start(Vendor.AZURE_OPENAI, behaviour);
        client = new SimClient(server);
    }

    private static Behaviour refusing(Fault fault) {
        return Behaviour.builder().answerTokens(TOKENS).faultRate(fault, 1.0).faultAfterTokens(3).seed(1).build();
    }

    @Test
    void baseUrlIsTheResourceEndpoint() {
        serve(SEEDED);

        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void completionIsOpenAisWithAzuresFilterAnnotationsAndHeaders() {
        serve(SEEDED);

        Reply reply = client.call(false, client.request(false)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("apim-request-id")).startsWith("req_");
        assertThat(reply.headers().get("x-request-id")).startsWith("req_");
        assertThat(reply.headers().get("x-ratelimit-remaining-requests")).matches("\\d+");
        assertThat(reply.headers().get("x-ratelimit-remaining-tokens")).matches("\\d+");
        assertThat(reply.headers().contains("openai-version")).isFalse();
        JsonNode body = reply.json();
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode prompt = body.get("prompt_filter_results").get(0);
        assertThat(prompt.get("prompt_index").asInt()).isZero();
        assertThat(prompt.get("content_filter_results").get("hate").get("filtered").asBoolean()).isFalse();
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("content_filter_results").get("violence").get("severity").asText()).isEqualTo("safe");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.get("message").get("content").asText().split(" ")).hasSize(TOKENS);
    }

    @Test
    void theDeploymentChoosesTheModelWhenTheBodyNamesNone() {
        serve(SEEDED);

        Reply reply = client.call(false, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("model").asText()).isEqualTo("gpt-4o-mini-prod");
    }

    @Test
    void streamOpensWithAChoicelessPromptAnnotationFrameBeforeTheFirstDelta() {
        serve(SEEDED);

        Reply reply = client.call(true, VendorRequests.body(Vendor.AZURE_OPENAI, true, true, 0))
                .block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo("text/event-stream; charset=utf-8");
        List<SseEvents.Event> events = SseEvents.parse(reply.body(), "\n");
        assertThat(events).hasSize(1 + 1 + TOKENS + 1 + 1 + 1);
        JsonNode annotation = OpenAiWireFormatTest.json(events.get(0).data());
        assertThat(annotation.get("choices").isEmpty()).isTrue();
        assertThat(annotation.get("id").asText()).isEmpty();
        assertThat(annotation.get("prompt_filter_results").get(0).get("prompt_index").asInt()).isZero();
        JsonNode role = OpenAiWireFormatTest.json(events.get(1).data()).get("choices").get(0);
        assertThat(role.get("delta").get("role").asText()).isEqualTo("assistant");
        assertThat(VendorStreams.tokenEvents(Vendor.AZURE_OPENAI, events)).isEqualTo(TOKENS);
        assertThat(events.subList(1, 2 + TOKENS + 1)).allSatisfy(event -> assertThat(
                OpenAiWireFormatTest.json(event.data()).get("choices").get(0).has("content_filter_results")).isTrue());
        assertThat(VendorStreams.endsProperly(Vendor.AZURE_OPENAI, events)).isTrue();
    }

    /** The Azure dialect writes through the OpenAI one: without Azure's annotations, the two are the same bytes. */
    @Test
    void withoutItsFilterAnnotationsTheAnswerAndTheStreamAreOpenAis() {
        serve(SEEDED);
        openAi = Simulators.start(Vendor.OPENAI, SEEDED);
        SimClient openAiClient = new SimClient(openAi);

        JsonNode azureWhole = withoutAnnotations(client.call(false, client.request(false)).block(SimClient.TIMEOUT)
                .json());
        JsonNode openAiWhole = withoutAnnotations(openAiClient.call(false, openAiClient.request(false))
                .block(SimClient.TIMEOUT).json());
        server.setBehaviour(SEEDED);
        openAi.setBehaviour(SEEDED);
        String streamBody = VendorRequests.body(Vendor.OPENAI, true, true, 0);
        List<SseEvents.Event> azureStream = SseEvents.parse(client.call(true, streamBody).block(SimClient.TIMEOUT)
                .body(), "\n");
        List<SseEvents.Event> openAiStream = SseEvents.parse(openAiClient.call(true, streamBody)
                .block(SimClient.TIMEOUT).body(), "\n");

        assertThat(azureWhole).isEqualTo(openAiWhole);
        assertThat(azureStream).hasSize(openAiStream.size() + 1);
        List<SseEvents.Event> azureChunks = azureStream.subList(1, azureStream.size());
        for (int i = 0; i < openAiStream.size(); i++) {
            String openAiData = openAiStream.get(i).data();
            if (openAiData.equals("[DONE]")) {
                assertThat(azureChunks.get(i).data()).isEqualTo("[DONE]");
            } else {
                assertThat(withoutAnnotations(OpenAiWireFormatTest.json(azureChunks.get(i).data())))
                        .isEqualTo(withoutAnnotations(OpenAiWireFormatTest.json(openAiData)));
            }
        }
    }

    @Test
    void aMissingApiKeyIs401InAzuresEnvelopeAndABearerTokenIsAccepted() {
        serve(SEEDED);

        Reply missing = client.post(VendorRequests.AZURE_PATH, Map.of("content-type", "application/json"),
                client.request(false)).block(SimClient.TIMEOUT);
        Reply openAiStyle = client.post(VendorRequests.AZURE_PATH,
                Map.of("authorization", "Bearer entra-token", "content-type", "application/json"),
                client.request(false)).block(SimClient.TIMEOUT);

        assertThat(missing.status()).isEqualTo(401);
        JsonNode error = missing.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("401");
        assertThat(error.get("message").asText()).contains("Access denied");
        assertThat(error.has("type")).isFalse();
        assertThat(missing.headers().get("apim-request-id")).startsWith("req_");
        assertThat(openAiStyle.status()).isEqualTo(200);
        assertThat(server.stats().authFailures()).isEqualTo(1);
    }

    @Test
    void withoutAnApiVersionOrOnOpenAisPathTheResourceIsNotFound() {
        serve(SEEDED);
        Map<String, String> auth = VendorRequests.authHeaders(Vendor.AZURE_OPENAI);

        Reply unversioned = client.post("/openai/deployments/gpt-4o-mini-prod/chat/completions", auth,
                client.request(false)).block(SimClient.TIMEOUT);
        Reply openAiPath = client.post("/v1/chat/completions", auth, client.request(false)).block(SimClient.TIMEOUT);
        Reply noMessages = client.post(VendorRequests.AZURE_PATH, auth, "{\"model\":\"gpt-4o\"}")
                .block(SimClient.TIMEOUT);

        for (Reply reply : List.of(unversioned, openAiPath)) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.json().get("error").get("code").asText()).isEqualTo("404");
            assertThat(reply.json().get("error").get("message").asText()).isEqualTo("Resource not found");
        }
        assertThat(noMessages.status()).isEqualTo(400);
        assertThat(noMessages.json().get("error").get("message").asText()).contains("messages");
        assertThat(noMessages.headers().get("apim-request-id")).startsWith("req_");
    }

    @Test
    void aRefusedPromptIs400ContentFilterWithTheVerdictInItsInnerError() {
        serve(refusing(Fault.PROMPT_REFUSED));

        for (boolean stream : new boolean[] {false, true}) {
            Reply reply = client.call(stream, VendorRequests.body(Vendor.AZURE_OPENAI, stream, false, 0))
                    .block(SimClient.TIMEOUT);

            assertThat(reply.status()).isEqualTo(400);
            JsonNode error = reply.json().get("error");
            assertThat(error.get("code").asText()).isEqualTo("content_filter");
            assertThat(error.get("status").asInt()).isEqualTo(400);
            assertThat(error.get("message").asText()).contains("content management policy");
            JsonNode inner = error.get("innererror");
            assertThat(inner.get("code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
            assertThat(inner.get("content_filter_result").get("hate").get("filtered").asBoolean()).isTrue();
            assertThat(inner.get("content_filter_result").get("sexual").get("filtered").asBoolean()).isFalse();
        }
    }

    @Test
    void aRefusedAnswerIsFinishReasonContentFilterAfterTheTextBeforeIt() {
        serve(refusing(Fault.ANSWER_REFUSED));

        Reply reply = client.call(false, client.request(false)).block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode choice = reply.json().get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(choice.get("message").get("content").asText().split(" ")).hasSize(3);
        assertThat(choice.get("message").get("refusal").isNull()).isTrue();
        assertThat(choice.get("content_filter_results").get("hate").get("filtered").asBoolean()).isTrue();
        assertThat(reply.json().get("usage").get("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void aRefusedStreamEndsWithFinishReasonContentFilterThenDone() {
        serve(refusing(Fault.ANSWER_REFUSED));

        Reply reply = client.call(true, VendorRequests.body(Vendor.AZURE_OPENAI, true, true, 0))
                .block(SimClient.TIMEOUT);

        List<SseEvents.Event> events = SseEvents.parse(reply.body(), "\n");
        assertThat(VendorStreams.tokenEvents(Vendor.AZURE_OPENAI, events)).isEqualTo(3);
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        JsonNode finish = OpenAiWireFormatTest.json(events.get(events.size() - 3).data()).get("choices").get(0);
        assertThat(finish.get("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(finish.get("content_filter_results").get("hate").get("filtered").asBoolean()).isTrue();
        JsonNode usage = OpenAiWireFormatTest.json(events.get(events.size() - 2).data()).get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(3);
        assertThat(reply.body()).doesNotContain("\"refusal\":\"");
    }

    /** A body or chunk without Azure's filter annotations and without its creation second (the clocks differ). */
    private static JsonNode withoutAnnotations(JsonNode node) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove("prompt_filter_results");
        copy.remove("created");
        JsonNode choices = copy.get("choices");
        if (choices instanceof ArrayNode array) {
            array.forEach(choice -> ((ObjectNode) choice).remove("content_filter_results"));
        }
        return copy;
    }
}
