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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tool use, tool results, images, structured output and thinking in Anthropic's Messages format, whole and streamed,
 * and the 400s Anthropic answers to a broken tool conversation, a missing thinking block, an image or a schema.
 */
@ExtendWith(NettyLeakGuard.class)
class AnthropicToolsWireFormatTest {

    private static final String TOOLS = "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":" + WEATHER_SCHEMA
            + "},{\"name\":\"get_time\",\"input_schema\":" + TIME_SCHEMA + "}]";
    private static final String THINKING = "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}";
    private static SimulatorServer server;

    @BeforeAll
    static void start() {
        server = Simulators.start(Vendor.ANTHROPIC, Behaviour.builder().answerTokens(6).seed(4).build());
    }

    @AfterAll
    static void stop() {
        Simulators.stop(server);
    }

    private static Reply call(SimulatorServer target, boolean stream, String messages, String extra) {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,\"messages\":" + messages
                + (extra.isEmpty() ? "" : "," + extra) + (stream ? ",\"stream\":true" : "") + "}";
        return new SimClient(target).call(stream, body).block(SimClient.TIMEOUT);
    }

    private static Reply call(boolean stream, String messages, String extra) {
        return call(server, stream, messages, extra);
    }

    private static String ask(String text) {
        return "[{\"role\":\"user\",\"content\":\"" + text + "\"}]";
    }

    @Test
    void aToolUseBlockWholeHasSchemaValidInputAndStopReasonToolUse() {
        JsonNode body = call(false, ask("Weather?"), TOOLS).json();

        assertThat(body.path("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode use = body.path("content").get(0);
        assertThat(use.path("type").asText()).isEqualTo("tool_use");
        assertThat(use.path("id").asText()).startsWith("toolu_").matches("[a-zA-Z0-9_-]+");
        assertThat(use.path("name").asText()).isEqualTo("get_weather");
        ToolFixtures.assertValid(WEATHER_SCHEMA, use.path("input"));
    }

    @Test
    void aStreamedToolUseStartsWithEmptyInputThenInputJsonDeltasFromAnEmptyOneAndStops() {
        List<SseEvents.Event> events = events(call(true, ask("Weather?"), TOOLS));

        JsonNode start = data(events, "content_block_start").get(0);
        assertThat(start.path("content_block").path("type").asText()).isEqualTo("tool_use");
        assertThat(start.path("content_block").path("input").isObject()).isTrue();
        assertThat(start.path("content_block").path("input")).isEmpty();
        List<String> fragments = data(events, "content_block_delta").stream()
                .map(d -> d.path("delta").path("partial_json").asText()).toList();
        assertThat(fragments.get(0)).isEmpty();
        assertThat(fragments.size()).isGreaterThan(3);
        ToolFixtures.assertValidJson(WEATHER_SCHEMA, String.join("", fragments));
        assertThat(names(events)).containsSubsequence("content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(data(events, "message_delta").get(0).path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void parallelToolUsesAreSeparateBlocksAndDisableParallelToolUseGivesOne() {
        JsonNode whole = call(false, ask("Both " + ToolCallShape.PARALLEL.marker()), TOOLS).json();
        Map<Integer, String> streamed = inputs(events(call(true, ask("Both " + ToolCallShape.PARALLEL.marker()), TOOLS)));
        JsonNode single = call(false, ask("Both " + ToolCallShape.PARALLEL.marker()),
                TOOLS + ",\"tool_choice\":{\"type\":\"auto\",\"disable_parallel_tool_use\":true}").json();

        assertThat(whole.path("content")).hasSize(2);
        assertThat(whole.path("content").get(1).path("name").asText()).isEqualTo("get_time");
        assertThat(streamed.keySet()).containsExactly(0, 1);
        ToolFixtures.assertValidJson(WEATHER_SCHEMA, streamed.get(0));
        ToolFixtures.assertValidJson(TIME_SCHEMA, streamed.get(1));
        assertThat(single.path("content")).hasSize(1);
    }

    @Test
    void textThenToolUseIsATextBlockThenAToolUseBlock() {
        JsonNode whole = call(false, ask("Go " + ToolCallShape.TEXT_THEN_TOOL.marker()), TOOLS).json();
        List<SseEvents.Event> events = events(call(true, ask("Go " + ToolCallShape.TEXT_THEN_TOOL.marker()), TOOLS));

        assertThat(whole.path("content").get(0).path("text").asText()).isEqualTo("Calling get_weather.");
        assertThat(whole.path("content").get(1).path("type").asText()).isEqualTo("tool_use");
        assertThat(data(events, "content_block_start").stream().map(s -> s.path("content_block").path("type").asText()))
                .containsExactly("text", "tool_use");
    }

    @Test
    void afterToolResultsTheAnswerIsTextCountingThem() {
        JsonNode body = call(false, toolLoop("", "toolu_a"), TOOLS).json();

        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.path("content").get(0).path("text").asText()).startsWith("Received 1 tool result. ");
    }

    private static String toolLoop(String thinkingBlock, String resultId) {
        return "[{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\",\"content\":[" + thinkingBlock
                + "{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"" + resultId
                + "\",\"content\":\"sunny\"}]}]";
    }

    @Test
    void toolUseIdsAndNamesOutsideAnthropicsPatternsAre400() {
        String kimiLoop = "[{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"tool_use\",\"id\":\"functions.Bash:0\",\"name\":\"get_weather\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"functions.Bash:0\","
                + "\"content\":\"sunny\"}]}]";
        Reply kimi = call(false, kimiLoop, TOOLS);
        Reply dotted = call(false, kimiLoop.replace("functions.Bash:0", "toolu_a").replace("\"get_weather\"",
                "\"files.read\""), TOOLS);

        assertThat(kimi.status()).isEqualTo(400);
        assertThat(kimi.json().path("error").path("message").asText())
                .isEqualTo("messages.1.content.0.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'");
        assertThat(dotted.status()).isEqualTo(400);
        assertThat(dotted.json().path("error").path("message").asText())
                .isEqualTo("messages.1.content.0.tool_use.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
        assertThat(call(false, kimiLoop.replace("functions.Bash:0", "toolu_01abc"), TOOLS).status()).isEqualTo(200);
    }

    @Test
    void anOrphanToolResultAndAToolUseWithoutItsResultAreAnthropics400() {
        Reply orphan = call(false, toolLoop("", "toolu_zzz"), TOOLS);
        Reply unanswered = call(false, "[{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"get_weather\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":\"and?\"}]", TOOLS);

        assertThat(orphan.status()).isEqualTo(400);
        assertThat(orphan.json().path("type").asText()).isEqualTo("error");
        assertThat(orphan.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(orphan.json().path("error").path("message").asText()).startsWith("messages.2.content.0: unexpected"
                + " `tool_use_id` found in `tool_result` blocks: toolu_zzz.");
        assertThat(unanswered.status()).isEqualTo(400);
        assertThat(unanswered.json().path("error").path("message").asText()).startsWith("messages.1: `tool_use` ids were"
                + " found without `tool_result` blocks immediately after: toolu_a.");
    }

    @Test
    void thinkingIsASignedBlockFirstWholeAndThinkingThenSignatureDeltasStreamed() {
        JsonNode whole = call(false, ask("Think"), THINKING).json();
        List<SseEvents.Event> events = events(call(true, ask("Think"), THINKING));

        JsonNode thinking = whole.path("content").get(0);
        assertThat(thinking.path("type").asText()).isEqualTo("thinking");
        assertThat(thinking.path("thinking").asText()).isNotBlank();
        assertThat(thinking.path("signature").asText()).isNotBlank();
        assertThat(whole.path("content").get(1).path("type").asText()).isEqualTo("text");
        assertThat(whole.path("usage").path("output_tokens_details").path("thinking_tokens").asInt()).isPositive();
        assertThat(whole.path("usage").has("cache_read_input_tokens")).isTrue();
        List<String> deltaTypes = data(events, "content_block_delta").stream()
                .map(d -> d.path("delta").path("type").asText()).distinct().toList();
        assertThat(deltaTypes).containsExactly("thinking_delta", "signature_delta", "text_delta");
        assertThat(data(events, "content_block_start").get(0).path("content_block").path("type").asText())
                .isEqualTo("thinking");
    }

    @Test
    void aThinkingToolLoopWhoseLastAssistantTurnLacksItsThinkingBlockIs400AndWithItIsAnswered() {
        JsonNode signed = call(false, ask("Weather?"), TOOLS + "," + THINKING).json();
        String thinkingBlock = signed.path("content").get(0).toString() + ",";

        Reply missing = call(false, toolLoop("", "toolu_a"), TOOLS + "," + THINKING);
        Reply echoed = call(false, toolLoop(thinkingBlock, "toolu_a"), TOOLS + "," + THINKING);
        Reply forged = call(false, toolLoop("{\"type\":\"thinking\",\"thinking\":\"x\",\"signature\":\"abc\"},",
                "toolu_a"), TOOLS + "," + THINKING);

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").path("message").asText()).startsWith("messages.1.content.0.type: Expected"
                + " `thinking` or `redacted_thinking`, but found `tool_use`.");
        assertThat(echoed.status()).isEqualTo(200);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().path("error").path("message").asText()).contains("Invalid `signature` in `thinking` block");
    }

    @Test
    void imagesInBase64AndByUrlAreAcceptedAndBadOnesAre400() {
        Reply good = call(false, image("{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + PNG + "\"},"
                + "{\"type\":\"url\",\"url\":\"https://example.com/a.png\"}"), "");
        Reply undecodable = call(false, image("{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + NOT_BASE64 + "\"}"), "");
        Reply heic = call(false, image("{\"type\":\"base64\",\"media_type\":\"image/heic\",\"data\":\"" + PNG + "\"}"), "");

        assertThat(good.status()).isEqualTo(200);
        assertThat(undecodable.status()).isEqualTo(400);
        assertThat(undecodable.json().path("error").path("message").asText())
                .isEqualTo("messages.0.content.1.image.source.base64.data: Invalid base64 data");
        assertThat(heic.status()).isEqualTo(400);
        assertThat(heic.json().path("error").path("message").asText())
                .startsWith("messages.0.content.1.image.source.base64.media_type: Input should be");
    }

    /** A user message with a text block and one image block per source ({@code sources} joined by commas). */
    private static String image(String sources) {
        StringBuilder blocks = new StringBuilder("{\"type\":\"text\",\"text\":\"What is it?\"}");
        for (String source : sources.split("(?<=}),(?=\\{)")) {
            blocks.append(",{\"type\":\"image\",\"source\":").append(source).append('}');
        }
        return "[{\"role\":\"user\",\"content\":[" + blocks + "]}]";
    }

    @Test
    void toolNamesOutsideThePatternAndASchemaThatIsNotAnObjectAre400() {
        Reply dotted = call(false, ask("x"), "\"tools\":[{\"name\":\"mcp.search\",\"input_schema\":{\"type\":\"object\"}}]");
        Reply schema = call(false, ask("x"), "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":[1]}}");

        assertThat(dotted.status()).isEqualTo(400);
        assertThat(dotted.json().path("error").path("message").asText())
                .isEqualTo("tools.0.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
        assertThat(schema.status()).isEqualTo(400);
        assertThat(schema.json().path("error").path("message").asText())
                .isEqualTo("output_config.format.schema: Input should be a valid dictionary");
    }

    @Test
    void structuredOutputAnswersJsonValidAgainstTheSchemaWholeAndStreamed() {
        String format = "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":" + ANSWER_SCHEMA + "}}";
        JsonNode whole = call(false, ask("Rate it"), format).json();
        StringBuilder streamed = new StringBuilder();
        data(events(call(true, ask("Rate it"), format)), "content_block_delta")
                .forEach(d -> streamed.append(d.path("delta").path("text").asText()));

        ToolFixtures.assertValidJson(ANSWER_SCHEMA, whole.path("content").get(0).path("text").asText());
        ToolFixtures.assertValidJson(ANSWER_SCHEMA, streamed.toString());
    }

    @Test
    void aStreamCutInsideTheToolInputEndsWithoutContentBlockStopOrMessageStop() {
        SimulatorServer cut = Simulators.start(Vendor.ANTHROPIC, Behaviour.builder()
                .faultRate(Fault.TRUNCATED_STREAM, 1.0).faultAfterTokens(2).seed(5).build());
        try {
            List<SseEvents.Event> events = events(call(cut, true, ask("Weather?"), TOOLS));

            String input = inputs(events).get(0);
            assertThat(input).isNotEmpty();
            assertThat(OpenAiToolsWireFormatTest.parses(input)).isFalse();
            assertThat(names(events)).doesNotContain("content_block_stop", "message_delta", "message_stop");
        } finally {
            Simulators.stop(cut);
        }
    }

    @Test
    void anInStreamErrorAfterPartOfTheToolInputIsAnErrorEvent() {
        SimulatorServer failing = Simulators.start(Vendor.ANTHROPIC, Behaviour.builder()
                .faultRate(Fault.IN_STREAM_ERROR, 1.0).faultAfterTokens(2).build());
        try {
            List<SseEvents.Event> events = events(call(failing, true, ask("Weather?"), TOOLS));

            assertThat(names(events)).endsWith("error").doesNotContain("content_block_stop");
            assertThat(data(events, "content_block_start").get(0).path("content_block").path("type").asText())
                    .isEqualTo("tool_use");
        } finally {
            Simulators.stop(failing);
        }
    }

    private static List<SseEvents.Event> events(Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        return SseEvents.parse(reply.body(), "\n");
    }

    private static List<String> names(List<SseEvents.Event> events) {
        return events.stream().map(SseEvents.Event::name).toList();
    }

    private static List<JsonNode> data(List<SseEvents.Event> events, String name) {
        List<JsonNode> data = new ArrayList<>();
        events.stream().filter(e -> e.name().equals(name)).forEach(e -> data.add(json(e.data())));
        return data;
    }

    /** Block index -> the concatenated partial_json of that tool_use block. */
    private static Map<Integer, String> inputs(List<SseEvents.Event> events) {
        Map<Integer, String> inputs = new TreeMap<>();
        for (JsonNode delta : data(events, "content_block_delta")) {
            if (delta.path("delta").path("type").asText().equals("input_json_delta")) {
                inputs.merge(delta.path("index").asInt(), delta.path("delta").path("partial_json").asText(), String::concat);
            }
        }
        return inputs;
    }
}
