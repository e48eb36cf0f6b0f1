package io.relay4j.simulator;

import static io.relay4j.simulator.OpenAiWireFormatTest.json;
import static io.relay4j.simulator.ToolFixtures.ANSWER_SCHEMA;
import static io.relay4j.simulator.ToolFixtures.NOT_BASE64;
import static io.relay4j.simulator.ToolFixtures.PNG;
import static io.relay4j.simulator.ToolFixtures.TIME_SCHEMA;
import static io.relay4j.simulator.ToolFixtures.WEATHER_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.SimClient.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Function calls, function responses, thoughts and thought signatures, images and structured output in Gemini's
 * generateContent format, whole and streamed, and the 400s Gemini answers to a broken function-call turn, a missing
 * thought signature on Gemini 3, an image or a schema.
 */
@ExtendWith(NettyLeakGuard.class)
class GeminiToolsWireFormatTest {

    private static final String TOOLS = "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"parametersJsonSchema\":"
            + WEATHER_SCHEMA + "},{\"name\":\"get_time\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"zone\":"
            + "{\"type\":\"STRING\"}},\"required\":[\"zone\"]}}]}]";
    private static final String FLASH = "gemini-2.5-flash";
    private static final String GEMINI_3 = "gemini-3-pro-preview";
    private static SimulatorServer server;

    @BeforeAll
    static void start() {
        server = Simulators.start(Vendor.GEMINI, Behaviour.builder().answerTokens(6).seed(6).build());
    }

    @AfterAll
    static void stop() {
        Simulators.stop(server);
    }

    private static Reply call(SimulatorServer target, String model, boolean stream, String contents, String extra) {
        String path = "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        String body = "{\"contents\":" + contents + (extra.isEmpty() ? "" : "," + extra) + "}";
        return new SimClient(target).post(path, VendorRequests.authHeaders(Vendor.GEMINI), body).block(SimClient.TIMEOUT);
    }

    private static Reply call(String model, boolean stream, String contents, String extra) {
        return call(server, model, stream, contents, extra);
    }

    private static String ask(String text) {
        return "[{\"role\":\"user\",\"parts\":[{\"text\":\"" + text + "\"}]}]";
    }

    private static JsonNode parts(JsonNode response) {
        return response.path("candidates").path(0).path("content").path("parts");
    }

    @Test
    void aFunctionCallWholeHasSchemaValidArgsAndFinishReasonStopWithoutIdOn25() {
        JsonNode body = call(FLASH, false, ask("Weather?"), TOOLS).json();

        JsonNode call = parts(body).get(0).path("functionCall");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.has("id")).isFalse();
        assertThat(parts(body).get(0).has("thoughtSignature")).isFalse();
        ToolFixtures.assertValid(WEATHER_SCHEMA, call.path("args"));
        assertThat(body.path("candidates").path(0).path("finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void gemini3SendsCallIdsAndSignsOnlyTheFirstOfParallelCallsStreamedOnePerChunk() {
        String contents = ask("Both " + ToolCallShape.PARALLEL.marker());
        JsonNode whole = call(GEMINI_3, false, contents, TOOLS).json();
        List<JsonNode> chunks = chunks(call(GEMINI_3, true, contents, TOOLS));

        assertThat(parts(whole)).hasSize(2);
        assertThat(parts(whole).get(0).path("thoughtSignature").asText()).isNotBlank();
        assertThat(parts(whole).get(1).has("thoughtSignature")).isFalse();
        assertThat(parts(whole).get(0).path("functionCall").path("id").asText()).isNotBlank();
        ToolFixtures.assertValid(TIME_SCHEMA, parts(whole).get(1).path("functionCall").path("args"));
        assertThat(chunks).hasSize(2);
        assertThat(chunks).allSatisfy(c -> assertThat(parts(c)).hasSize(1));
        assertThat(parts(chunks.get(0)).get(0).path("functionCall").path("name").asText()).isEqualTo("get_weather");
        assertThat(parts(chunks.get(1)).get(0).path("functionCall").path("name").asText()).isEqualTo("get_time");
        assertThat(chunks.get(0).path("candidates").path(0).has("finishReason")).isFalse();
        assertThat(chunks.get(1).path("candidates").path(0).path("finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void textThenToolIsATextPartThenAFunctionCallPart() {
        JsonNode whole = call(FLASH, false, ask("Go " + ToolCallShape.TEXT_THEN_TOOL.marker()), TOOLS).json();

        assertThat(parts(whole).get(0).path("text").asText()).isEqualTo("Calling get_weather.");
        assertThat(parts(whole).get(1).has("functionCall")).isTrue();
    }

    @Test
    void modeNoneAnswersTextAndAnyWithOneAllowedNameCallsIt() {
        JsonNode none = call(FLASH, false, ask("x"), TOOLS + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"NONE\"}}").json();
        JsonNode any = call(FLASH, false, ask("x"), TOOLS + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\","
                + "\"allowedFunctionNames\":[\"get_time\"]}}").json();

        assertThat(parts(none).get(0).has("text")).isTrue();
        assertThat(parts(any).get(0).path("functionCall").path("name").asText()).isEqualTo("get_time");
    }

    private static String loop(String signature, int responses) {
        StringBuilder results = new StringBuilder();
        for (int i = 0; i < responses; i++) {
            results.append(i == 0 ? "" : ",").append("{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"output\":\"sunny\"}}}");
        }
        return "[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather?\"}]},{\"role\":\"model\",\"parts\":[{\"functionCall\":"
                + "{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}" + signature + "}]},{\"role\":\"user\",\"parts\":["
                + results + "]}]";
    }

    @Test
    void aHistoryFunctionCallWhoseNameIsOutsideGeminisPatternIs400() {
        Reply reply = call(FLASH, false, loop("", 1).replace("\"get_weather\"", "\"1files/read\""), TOOLS);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("message").asText()).startsWith("* GenerateContentRequest.contents[1]"
                + ".parts[0].function_call.name: Invalid function name.");
    }

    @Test
    void afterFunctionResponsesTheAnswerIsTextCountingThem() {
        JsonNode body = call(FLASH, false, loop("", 1), TOOLS).json();

        assertThat(parts(body).get(0).path("text").asText()).startsWith("Received 1 tool result. ");
    }

    @Test
    void aResponseCountThatDoesNotMatchTheCallsAndAResponseWithoutACallTurnAre400() {
        Reply count = call(FLASH, false, loop("", 2), TOOLS);
        Reply orphan = call(FLASH, false, "[{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_weather\","
                + "\"response\":{\"output\":\"x\"}}}]}]", TOOLS);

        assertThat(count.status()).isEqualTo(400);
        assertThat(count.json().path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(count.json().path("error").path("message").asText()).isEqualTo("Please ensure that the number of"
                + " function response parts is equal to the number of function call parts of the function call turn.");
        assertThat(orphan.status()).isEqualTo(400);
        assertThat(orphan.json().path("error").path("message").asText())
                .isEqualTo("Please ensure that function response turn comes immediately after a function call turn.");
    }

    @Test
    void gemini3RejectsAFunctionCallWithoutThoughtSignatureAndAcceptsItsOwnOrTheDummy() {
        String signature = parts(call(GEMINI_3, false, ask("Weather?"), TOOLS).json()).get(0).path("thoughtSignature").asText();

        Reply missing = call(GEMINI_3, false, loop("", 1), TOOLS);
        Reply own = call(GEMINI_3, false, loop(",\"thoughtSignature\":\"" + signature + "\"", 1), TOOLS);
        Reply dummy = call(GEMINI_3, false, loop(",\"thoughtSignature\":\"skip_thought_signature_validator\"", 1), TOOLS);
        Reply flash = call(FLASH, false, loop("", 1), TOOLS);

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").path("message").asText())
                .startsWith("Function call is missing a thought_signature in functionCall parts.");
        assertThat(own.status()).isEqualTo(200);
        assertThat(dummy.status()).isEqualTo(200);
        assertThat(flash.status()).isEqualTo(200);
    }

    @Test
    void thinkingWithIncludeThoughtsSendsThoughtPartsAndASignedTextAndThoughtsTokensOutsideCandidates() {
        String thinking = "\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":1024,\"includeThoughts\":true}}";
        JsonNode whole = call(FLASH, false, ask("Think"), thinking).json();
        List<JsonNode> chunks = chunks(call(FLASH, true, ask("Think"), thinking));
        JsonNode hidden = call(FLASH, false, ask("Think"), "\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":1024}}").json();

        assertThat(parts(whole).get(0).path("thought").asBoolean()).isTrue();
        // the text's signature comes on an empty part after the text, whole and streamed alike
        assertThat(parts(whole).get(1).has("thoughtSignature")).isFalse();
        assertThat(parts(whole).get(2).path("text").asText()).isEmpty();
        assertThat(parts(whole).get(2).path("thoughtSignature").asText()).isNotBlank();
        JsonNode usage = whole.path("usageMetadata");
        assertThat(usage.path("thoughtsTokenCount").asInt()).isPositive();
        assertThat(usage.path("candidatesTokenCount").asInt()).isEqualTo(6);
        assertThat(usage.path("totalTokenCount").asInt()).isEqualTo(usage.path("promptTokenCount").asInt()
                + usage.path("candidatesTokenCount").asInt() + usage.path("thoughtsTokenCount").asInt());
        assertThat(usage.has("cachedContentTokenCount")).isTrue();
        assertThat(parts(chunks.get(0)).get(0).path("thought").asBoolean()).isTrue();
        assertThat(chunks.stream().flatMap(c -> java.util.stream.StreamSupport.stream(parts(c).spliterator(), false))
                .filter(p -> p.has("thoughtSignature")))
                .singleElement().satisfies(p -> assertThat(p.path("text").asText()).isEmpty());
        assertThat(parts(hidden)).allSatisfy(p -> assertThat(p.has("thought")).isFalse());
        assertThat(hidden.path("usageMetadata").path("thoughtsTokenCount").asInt()).isPositive();
    }

    @Test
    void bothThinkingLevelAndBudgetAre400() {
        Reply both = call(GEMINI_3, false, ask("x"),
                "\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":1024,\"thinkingLevel\":\"HIGH\"}}");

        assertThat(both.status()).isEqualTo(400);
    }

    @Test
    void inlineImagesAndFileUrisAreAcceptedAndBadOnesAre400() {
        Reply good = call(FLASH, false, image("{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + PNG + "\"}},"
                + "{\"fileData\":{\"mimeType\":\"image/jpeg\",\"fileUri\":\"https://example.com/a.jpg\"}}"), "");
        Reply undecodable = call(FLASH, false, image("{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + NOT_BASE64 + "\"}}"), "");
        Reply gif = call(FLASH, false, image("{\"inlineData\":{\"mimeType\":\"image/gif\",\"data\":\"" + PNG + "\"}}"), "");

        assertThat(good.status()).isEqualTo(200);
        assertThat(undecodable.status()).isEqualTo(400);
        assertThat(undecodable.json().path("error").path("message").asText())
                .startsWith("Invalid value at 'contents[0].parts[1].inline_data.data' (TYPE_BYTES), Base64 decoding failed");
        assertThat(gif.status()).isEqualTo(400);
        assertThat(gif.json().path("error").path("message").asText()).contains("Unsupported MIME type: image/gif");
    }

    private static String image(String parts) {
        return "[{\"role\":\"user\",\"parts\":[{\"text\":\"What is it?\"}," + parts + "]}]";
    }

    @Test
    void functionNamesOutsideThePatternAndASchemaThatIsNotAnObjectAre400() {
        Reply name = call(FLASH, false, ask("x"), "\"tools\":[{\"functionDeclarations\":[{\"name\":\"9lives\"}]}]");
        Reply schema = call(FLASH, false, ask("x"),
                "\"generationConfig\":{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":\"object\"}");

        assertThat(name.status()).isEqualTo(400);
        assertThat(name.json().path("error").path("message").asText()).contains("Invalid function name.");
        assertThat(schema.status()).isEqualTo(400);
        assertThat(schema.json().path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void structuredOutputAnswersJsonValidAgainstTheSchemaWholeAndStreamed() {
        String config = "\"generationConfig\":{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":" + ANSWER_SCHEMA + "}";
        JsonNode whole = call(FLASH, false, ask("Rate"), config).json();
        StringBuilder streamed = new StringBuilder();
        chunks(call(FLASH, true, ask("Rate"), config)).forEach(c -> streamed.append(parts(c).get(0).path("text").asText()));

        ToolFixtures.assertValidJson(ANSWER_SCHEMA, parts(whole).get(0).path("text").asText());
        ToolFixtures.assertValidJson(ANSWER_SCHEMA, streamed.toString());
    }

    @Test
    void aStreamCutBetweenParallelCallsSendsTheFirstCallWholeAndNoFinishReason() {
        SimulatorServer cut = Simulators.start(Vendor.GEMINI, Behaviour.builder()
                .faultRate(Fault.TRUNCATED_STREAM, 1.0).faultAfterTokens(1).toolCallShape(ToolCallShape.PARALLEL).build());
        try {
            List<JsonNode> chunks = chunks(call(cut, GEMINI_3, true, ask("Both"), TOOLS));

            assertThat(chunks).hasSize(1);
            ToolFixtures.assertValid(WEATHER_SCHEMA, parts(chunks.get(0)).get(0).path("functionCall").path("args"));
            assertThat(chunks.get(0).path("candidates").path(0).has("finishReason")).isFalse();
        } finally {
            Simulators.stop(cut);
        }
    }

    private static List<JsonNode> chunks(Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        SseEvents.parse(reply.body(), "\r\n").forEach(e -> chunks.add(json(e.data())));
        return chunks;
    }
}
