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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tool calls, tool results, images, structured output and reasoning in OpenAI's and Azure OpenAI's Chat Completions
 * format, whole and streamed, and the 400s OpenAI answers to a broken tool conversation, image or schema.
 */
@ExtendWith(NettyLeakGuard.class)
class OpenAiToolsWireFormatTest {

    private static final Map<Vendor, SimulatorServer> SERVERS = new EnumMap<>(Vendor.class);
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
            + WEATHER_SCHEMA + "}},{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":" + TIME_SCHEMA + "}}]";

    @BeforeAll
    static void start() {
        for (Vendor vendor : List.of(Vendor.OPENAI, Vendor.AZURE_OPENAI)) {
            SERVERS.put(vendor, Simulators.start(vendor, Behaviour.builder().answerTokens(6).seed(3).build()));
        }
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(Simulators::stop);
    }

    private static Reply call(Vendor vendor, boolean stream, String messages, String extra) {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":" + messages + (extra.isEmpty() ? "" : "," + extra)
                + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "") + "}";
        return new SimClient(SERVERS.get(vendor)).call(stream, body).block(SimClient.TIMEOUT);
    }

    private static String ask(String text) {
        return "[{\"role\":\"user\",\"content\":\"" + text + "\"}]";
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void aSingleToolCallWholeHasToolCallsWithSchemaValidArgumentsAndFinishReasonToolCalls(Vendor vendor) {
        JsonNode body = call(vendor, false, ask("Weather in Paris?"), TOOLS).json();

        JsonNode choice = body.path("choices").path(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode calls = choice.path("message").path("tool_calls");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).path("id").asText()).startsWith("call_").hasSizeLessThanOrEqualTo(40);
        assertThat(calls.get(0).path("type").asText()).isEqualTo("function");
        assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        ToolFixtures.assertValidJson(WEATHER_SCHEMA, calls.get(0).path("function").path("arguments").asText());
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void aStreamedToolCallSendsIdAndNameOnlyOnItsFirstDeltaAndTheArgumentsInFragments(Vendor vendor) {
        List<JsonNode> chunks = chunks(vendor, call(vendor, true, ask("Weather?"), TOOLS));

        List<JsonNode> deltas = toolDeltas(chunks);
        assertThat(deltas.get(0).path("id").asText()).startsWith("call_");
        assertThat(deltas.get(0).path("type").asText()).isEqualTo("function");
        assertThat(deltas.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(deltas.get(0).path("function").path("arguments").asText()).isEmpty();
        assertThat(deltas.subList(1, deltas.size())).hasSizeGreaterThan(2)
                .allSatisfy(d -> assertThat(d.has("id") || d.path("function").has("name")).isFalse());
        assertThat(finishReasons(chunks)).containsExactly("tool_calls");
        Map<Integer, String[]> calls = assemble(deltas);
        assertThat(calls).hasSize(1);
        ToolFixtures.assertValidJson(WEATHER_SCHEMA, calls.get(0)[2]);
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void parallelCallsStreamOnSeparateIndicesAndComeWholeInOneMessage(Vendor vendor) {
        String messages = ask("Weather and time " + ToolCallShape.PARALLEL.marker());
        JsonNode whole = call(vendor, false, messages, TOOLS).json().path("choices").path(0).path("message");
        Map<Integer, String[]> streamed = assemble(toolDeltas(chunks(vendor, call(vendor, true, messages, TOOLS))));

        assertThat(whole.path("tool_calls")).hasSize(2);
        assertThat(whole.path("tool_calls").get(0).path("id").asText())
                .isNotEqualTo(whole.path("tool_calls").get(1).path("id").asText());
        assertThat(streamed.keySet()).containsExactly(0, 1);
        assertThat(streamed.get(0)[1]).isEqualTo("get_weather");
        assertThat(streamed.get(1)[1]).isEqualTo("get_time");
        ToolFixtures.assertValidJson(WEATHER_SCHEMA, streamed.get(0)[2]);
        ToolFixtures.assertValidJson(TIME_SCHEMA, streamed.get(1)[2]);
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void parallelToolCallsFalseGetsOneCallEvenWhenMarked(Vendor vendor) {
        JsonNode message = call(vendor, false, ask("Both " + ToolCallShape.PARALLEL.marker()),
                TOOLS + ",\"parallel_tool_calls\":false").json().path("choices").path(0).path("message");

        assertThat(message.path("tool_calls")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void textThenToolCarriesTextAndACallWholeAndStreamed(Vendor vendor) {
        String messages = ask("Go " + ToolCallShape.TEXT_THEN_TOOL.marker());
        JsonNode whole = call(vendor, false, messages, TOOLS).json().path("choices").path(0);
        List<JsonNode> chunks = chunks(vendor, call(vendor, true, messages, TOOLS));

        assertThat(whole.path("message").path("content").asText()).isEqualTo("Calling get_weather.");
        assertThat(whole.path("message").path("tool_calls")).hasSize(1);
        assertThat(whole.path("finish_reason").asText()).isEqualTo("tool_calls");
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.path("choices").path(0).path("delta").path("content").asText("")));
        assertThat(text.toString()).isEqualTo("Calling get_weather.");
        assertThat(assemble(toolDeltas(chunks))).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void toolChoiceNamedCallsThatToolAndNoneAnswersText(Vendor vendor) {
        JsonNode named = call(vendor, false, ask("x"), TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}").json();
        JsonNode none = call(vendor, false, ask("x"), TOOLS + ",\"tool_choice\":\"none\"").json();

        assertThat(named.path("choices").path(0).path("message").path("tool_calls").get(0).path("function")
                .path("name").asText()).isEqualTo("get_time");
        assertThat(none.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(none.path("choices").path(0).path("message").has("tool_calls")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void afterToolResultsTheAnswerIsTextCountingTheResultsWholeAndStreamed(Vendor vendor) {
        String messages = "[{\"role\":\"user\",\"content\":\"Weather and time?\"},{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}},"
                + "{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"sunny\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_b\",\"content\":\"noon\"}]";
        JsonNode whole = call(vendor, false, messages, TOOLS).json().path("choices").path(0);
        List<JsonNode> chunks = chunks(vendor, call(vendor, true, messages, TOOLS));

        assertThat(whole.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(whole.path("message").path("content").asText()).startsWith("Received 2 tool results. ");
        assertThat(toolDeltas(chunks)).isEmpty();
        assertThat(finishReasons(chunks)).containsExactly("stop");
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void anOrphanToolResultIsOpenAisInvalidParameter(Vendor vendor) {
        String messages = "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
                + "[{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_zzz\",\"content\":\"x\"}]";
        Reply reply = call(vendor, false, messages, TOOLS);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("message").asText())
                .isEqualTo("Invalid parameter: 'tool_call_id' of 'call_zzz' not found in 'tool_calls' of previous message.");
        assertThat(reply.json().path("error").path("param").asText()).isEqualTo("messages.[2].tool_call_id");
        if (vendor == Vendor.OPENAI) {
            assertThat(reply.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    private static String loopWithId(String id, String name) {
        return "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
                + "[{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name
                + "\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"" + id + "\",\"content\":\"x\"}]";
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void toolCallIdsLongerThanTheVendorsLimitOrOutsideItsCharacterSetAndHistoryNamesOutsideThePatternAre400(
            Vendor vendor) {
        int limit = vendor == Vendor.OPENAI ? 40 : 64;
        Reply atLimit = call(vendor, false, loopWithId("c".repeat(limit), "get_weather"), TOOLS);
        Reply tooLong = call(vendor, false, loopWithId("c".repeat(limit + 1), "get_weather"), TOOLS);
        Reply kimi = call(vendor, false, loopWithId("functions.Bash:0", "get_weather"), TOOLS);
        Reply dotted = call(vendor, false, loopWithId("call_a", "files.read"), TOOLS);

        assertThat(atLimit.status()).isEqualTo(200);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("error").path("message").asText()).isEqualTo("Invalid"
                + " 'messages[1].tool_calls[0].id': string too long. Expected a string with maximum length " + limit
                + ", but got a string with length " + (limit + 1) + " instead.");
        assertThat(tooLong.json().path("error").path("code").asText()).isEqualTo("string_above_max_length");
        assertThat(kimi.status()).isEqualTo(400);
        assertThat(kimi.json().path("error").path("message").asText()).isEqualTo("Invalid"
                + " 'messages[1].tool_calls[0].id': string does not match pattern. Expected a string that matches the"
                + " pattern '^[a-zA-Z0-9_-]+$'.");
        assertThat(dotted.status()).isEqualTo(400);
        assertThat(dotted.json().path("error").path("param").asText())
                .isEqualTo("messages[1].tool_calls[0].function.name");
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void aToolMessageWithoutAPrecedingCallAndACallWithoutItsResultAre400(Vendor vendor) {
        Reply orphan = call(vendor, false, "[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"x\"}]", TOOLS);
        Reply unanswered = call(vendor, false, "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"user\",\"content\":\"and?\"}]", TOOLS);

        assertThat(orphan.status()).isEqualTo(400);
        assertThat(orphan.json().path("error").path("message").asText())
                .contains("messages with role 'tool' must be a response to a preceeding message with 'tool_calls'");
        assertThat(unanswered.status()).isEqualTo(400);
        assertThat(unanswered.json().path("error").path("message").asText())
                .contains("must be followed by tool messages responding to each 'tool_call_id'").endsWith("call_a");
        assertThat(unanswered.json().path("error").path("param").asText()).isEqualTo("messages.[1].role");
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void imagesAsDataUrlsAndWebUrlsAreAcceptedAndBadOnesAre400(Vendor vendor) {
        Reply good = call(vendor, false, "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":"
                + "\"data:image/png;base64," + PNG + "\"}},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                + "\"https://example.com/cat.jpg\"}}]}]", "");
        Reply undecodable = call(vendor, false, image("data:image/png;base64," + NOT_BASE64), "");
        Reply unsupported = call(vendor, false, image("data:image/tiff;base64," + PNG), "");

        assertThat(good.status()).isEqualTo(200);
        assertThat(undecodable.status()).isEqualTo(400);
        assertThat(undecodable.json().path("error").path("param").asText()).isEqualTo("messages[0].content[1].image_url.url");
        assertThat(undecodable.json().path("error").path("code").asText()).isEqualTo("invalid_value");
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.json().path("error").path("code").asText()).isEqualTo("invalid_image_format");
    }

    private static String image(String url) {
        return "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is it?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + url + "\",\"detail\":\"low\"}}]}]";
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void toolNamesOutsideThePatternAndASchemaThatIsNotAnObjectAre400(Vendor vendor) {
        Reply dotted = call(vendor, false, ask("x"),
                "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"mcp.search\",\"parameters\":{}}}]");
        Reply longName = call(vendor, false, ask("x"),
                "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"" + "a".repeat(65) + "\"}}]");
        Reply schema = call(vendor, false, ask("x"),
                "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"schema\":\"object\"}}");

        assertThat(dotted.status()).isEqualTo(400);
        assertThat(dotted.json().path("error").path("message").asText()).contains("does not match pattern");
        assertThat(dotted.json().path("error").path("param").asText()).isEqualTo("tools[0].function.name");
        assertThat(longName.json().path("error").path("code").asText()).isEqualTo("string_above_max_length");
        assertThat(schema.status()).isEqualTo(400);
        assertThat(schema.json().path("error").path("message").asText())
                .isEqualTo("Invalid type for 'response_format.json_schema.schema': expected an object, but got a string instead.");
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void structuredOutputAnswersJsonValidAgainstTheSchemaWholeAndStreamed(Vendor vendor) {
        String format = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"strict\":true,"
                + "\"schema\":" + ANSWER_SCHEMA + "}}";
        JsonNode whole = call(vendor, false, ask("Rate it"), format).json();
        List<JsonNode> chunks = chunks(vendor, call(vendor, true, ask("Rate it"), format));

        ToolFixtures.assertValidJson(ANSWER_SCHEMA, whole.path("choices").path(0).path("message").path("content").asText());
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.path("choices").path(0).path("delta").path("content").asText("")));
        assertThat(chunks.stream().filter(c -> c.path("choices").path(0).path("delta").has("content")).count())
                .isGreaterThan(3);
        ToolFixtures.assertValidJson(ANSWER_SCHEMA, text.toString());
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void reasoningEffortShowsOnlyAsReasoningTokensInsideTheCompletionTokens(Vendor vendor) {
        JsonNode plain = call(vendor, false, ask("Think"), "").json();
        JsonNode reasoning = call(vendor, false, ask("Think"), "\"reasoning_effort\":\"high\"").json();
        List<JsonNode> chunks = chunks(vendor, call(vendor, true, ask("Think"), "\"reasoning_effort\":\"low\""));

        assertThat(plain.path("usage").path("completion_tokens_details").path("reasoning_tokens").asInt()).isZero();
        assertThat(plain.path("usage").path("prompt_tokens_details").path("cached_tokens").isInt()).isTrue();
        JsonNode usage = reasoning.path("usage");
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asInt()).isPositive();
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(
                6 + usage.path("completion_tokens_details").path("reasoning_tokens").asInt());
        assertThat(reasoning.path("choices").path(0).path("message").path("content").asText().split(" ")).hasSize(6);
        JsonNode streamedUsage = chunks.get(chunks.size() - 1).path("usage");
        assertThat(streamedUsage.path("completion_tokens_details").path("reasoning_tokens").asInt()).isPositive();
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void aStreamCutInsideTheArgumentsEndsWithoutFinishReasonOrDone(Vendor vendor) {
        SimulatorServer server = Simulators.start(vendor, Behaviour.builder().faultRate(Fault.TRUNCATED_STREAM, 1.0)
                .faultAfterTokens(2).seed(5).build());
        try {
            String body = "{\"model\":\"gpt-4o-mini\",\"messages\":" + ask("Weather?") + "," + TOOLS + ",\"stream\":true}";
            Reply reply = new SimClient(server).call(true, body).block(SimClient.TIMEOUT);
            List<SseEvents.Event> events = VendorStreams.events(vendor, reply.body());
            List<JsonNode> chunks = events.stream().map(e -> json(e.data())).toList();

            Map<Integer, String[]> calls = assemble(toolDeltas(chunks));
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0)[2]).isNotEmpty();
            assertThat(parses(calls.get(0)[2])).as("arguments cut: %s", calls.get(0)[2]).isFalse();
            assertThat(finishReasons(chunks)).isEmpty();
            assertThat(VendorStreams.endsProperly(vendor, events)).isFalse();
        } finally {
            Simulators.stop(server);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Vendor.class, names = {"OPENAI", "AZURE_OPENAI"})
    void aStreamedToolAnswerWithoutItsEndMarkerStillFinishesWithToolCalls(Vendor vendor) {
        SimulatorServer server = Simulators.start(vendor, Behaviour.always(Fault.FINISHED_WITHOUT_END_MARKER));
        try {
            String body = "{\"model\":\"gpt-4o-mini\",\"messages\":" + ask("Weather?") + "," + TOOLS + ",\"stream\":true}";
            Reply reply = new SimClient(server).call(true, body).block(SimClient.TIMEOUT);
            List<SseEvents.Event> events = VendorStreams.events(vendor, reply.body());
            List<JsonNode> chunks = events.stream().map(e -> json(e.data())).toList();

            ToolFixtures.assertValidJson(WEATHER_SCHEMA, assemble(toolDeltas(chunks)).get(0)[2]);
            assertThat(finishReasons(chunks)).containsExactly("tool_calls");
            assertThat(VendorStreams.endsProperly(vendor, events)).isFalse();
        } finally {
            Simulators.stop(server);
        }
    }

    static boolean parses(String text) {
        try {
            SimClient.JSON.readTree(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<JsonNode> chunks(Vendor vendor, Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        for (SseEvents.Event event : VendorStreams.events(vendor, reply.body())) {
            if (!event.data().equals("[DONE]")) {
                chunks.add(json(event.data()));
            }
        }
        return chunks;
    }

    private static List<JsonNode> toolDeltas(List<JsonNode> chunks) {
        List<JsonNode> deltas = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            chunk.path("choices").path(0).path("delta").path("tool_calls").forEach(deltas::add);
        }
        return deltas;
    }

    private static List<String> finishReasons(List<JsonNode> chunks) {
        List<String> reasons = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            JsonNode reason = chunk.path("choices").path(0).path("finish_reason");
            if (reason.isTextual()) {
                reasons.add(reason.asText());
            }
        }
        return reasons;
    }

    /** index -> {id, name, arguments}, concatenating argument fragments per index as the SDKs do. */
    private static Map<Integer, String[]> assemble(List<JsonNode> deltas) {
        Map<Integer, String[]> calls = new LinkedHashMap<>();
        for (JsonNode delta : deltas) {
            String[] call = calls.computeIfAbsent(delta.path("index").asInt(), i -> new String[] {"", "", ""});
            call[0] += delta.path("id").asText("");
            call[1] += delta.path("function").path("name").asText("");
            call[2] += delta.path("function").path("arguments").asText("");
        }
        return calls;
    }
}
