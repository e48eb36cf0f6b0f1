package io.relay4j.providers.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.ContentPart;
import io.relay4j.core.ImagePart;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.Reasoning;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolChoice;
import io.relay4j.core.ToolResult;
import io.relay4j.providers.internal.Json;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the Chat Completions encoder writes for each part of the content model, for OpenAI and compatible servers. */
class OpenAiRequestEncoderTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
    private static final Tool WEATHER = Tool.of("get_weather", "The weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    private final OpenAiRequestEncoder openAi = new OpenAiRequestEncoder(
            OpenAiWire.options("openai", "openai", OpenAiOptions.Family.OPENAI));
    private final OpenAiRequestEncoder deepSeek = new OpenAiRequestEncoder(
            OpenAiWire.options(OpenAiWire.PROVIDER, OpenAiWire.VENDOR, OpenAiOptions.Family.COMPATIBLE));

    private static JsonNode body(OpenAiRequestEncoder encoder, LlmRequest request) {
        try {
            return Json.parse(encoder.encode(request, false).body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) {
        return Json.parseCallerJson(text, "expected");
    }

    private static LlmRequest of(Message... messages) {
        return LlmRequest.builder().messages(List.of(messages)).build();
    }

    @Test
    void textOnlyMessagesKeepAStringContent() {
        JsonNode body = body(openAi, LlmRequest.builder().system("Be terse.").user("Hi").assistant("Hello").build());

        assertThat(body.get("messages")).isEqualTo(json("""
                [{"role":"system","content":"Be terse."},{"role":"user","content":"Hi"},
                 {"role":"assistant","content":"Hello"}]"""));
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("reasoning_effort")).isFalse();
    }

    @Test
    void aUserMessageWithImagesIsAPartArrayWithDataAndPlainUrls() {
        JsonNode body = body(openAi, of(Message.user(TextPart.of("What is this?"), ImagePart.of(PNG, "image/png"),
                ImagePart.url("https://example.com/cat.jpg"))));

        assertThat(body.at("/messages/0")).isEqualTo(json("""
                {"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw=="}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}"""));
    }

    @Test
    void anAssistantToolTurnHasNullContentAndItsCalls() {
        JsonNode body = body(openAi, of(Message.user("Weather?"),
                Message.assistant(List.of(ToolCall.of("call_1", "get_weather", "{\"city\":\"Oslo\"}")))));

        assertThat(body.at("/messages/1")).isEqualTo(json("""
                {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                  "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]}"""));
    }

    @Test
    void anAssistantTextAndCallsKeepsTheTextAsAString() {
        JsonNode body = body(openAi, of(Message.user("Weather?"), Message.assistant(List.of(
                TextPart.of("Checking."), ToolCall.of("call_1", "get_weather", "{}")))));

        assertThat(body.at("/messages/1/content").asText()).isEqualTo("Checking.");
        assertThat(body.at("/messages/1/tool_calls/0/function/arguments").asText()).isEqualTo("{}");
    }

    @Test
    void reasoningIsNeverSentToOpenAi() {
        Message answer = Message.assistant(List.of(ReasoningPart.of("thinking").withState(
                ProviderState.of("openai", "openai", "reasoning_content")), TextPart.of("Hi")));

        JsonNode sent = body(openAi, of(Message.user("q"), answer, Message.user("more")));

        assertThat(sent.at("/messages/1")).isEqualTo(json("{\"role\":\"assistant\",\"content\":\"Hi\"}"));
    }

    @Test
    void aCompatibleServerGetsBackOnlyItsOwnReasoningInTheFieldItCameIn() {
        ToolCall call = ToolCall.of("call_00", "get_weather", "{\"city\":\"Oslo\"}");
        Message own = Message.assistant(List.of(ReasoningPart.of("I should call get_weather.").withState(
                ProviderState.of(OpenAiWire.PROVIDER, OpenAiWire.VENDOR, "reasoning_content")), call));
        Message ollamas = Message.assistant(List.of(ReasoningPart.of("hmm").withState(
                ProviderState.of(OpenAiWire.PROVIDER, OpenAiWire.VENDOR, "reasoning")), TextPart.of("ok")));
        Message anotherProviders = Message.assistant(List.of(ReasoningPart.of("elsewhere").withState(
                ProviderState.of("deepseek-2", OpenAiWire.VENDOR, "reasoning_content")), TextPart.of("x")));
        Message unsigned = Message.assistant(List.of(ReasoningPart.of("plain"), TextPart.of("y")));

        JsonNode messages = body(deepSeek, of(Message.user("q"), own, Message.toolResult("call_00", "12C"),
                ollamas, anotherProviders, unsigned)).get("messages");

        assertThat(messages.get(1).get("reasoning_content").asText()).isEqualTo("I should call get_weather.");
        assertThat(messages.get(3).get("reasoning").asText()).isEqualTo("hmm");
        assertThat(messages.get(3).has("reasoning_content")).isFalse();
        assertThat(messages.get(4).has("reasoning_content")).isFalse();
        assertThat(messages.get(5).has("reasoning_content")).isFalse();
    }

    @Test
    void toolResultsAreOneToolMessageEachWithFailuresMarked() {
        JsonNode body = body(openAi, of(Message.user("q"), Message.assistant(List.of(
                        ToolCall.of("call_1", "a", "{}"), ToolCall.of("call_2", "b", "{}"))),
                Message.toolResults(List.of(ToolResult.of("call_1", "{\"ok\":true}"),
                        ToolResult.error("call_2", "timeout after 5 s")))));

        assertThat(body.get("messages")).hasSize(4);
        assertThat(body.at("/messages/2")).isEqualTo(json("""
                {"role":"tool","tool_call_id":"call_1","content":"{\\"ok\\":true}"}"""));
        assertThat(body.at("/messages/3")).isEqualTo(json("""
                {"role":"tool","tool_call_id":"call_2","content":"Error: timeout after 5 s"}"""));
    }

    @Test
    void imagesOfToolResultsMoveToOneUserMessageAfterTheLastToolMessage() {
        List<ContentPart> chart = List.of(TextPart.of("chart drawn"), ImagePart.of(PNG, "image/png"));
        List<ContentPart> photoOnly = List.of(ImagePart.url("https://example.com/p.jpg"));

        JsonNode messages = body(openAi, of(Message.user("q"), Message.assistant(List.of(
                        ToolCall.of("call_1", "draw", "{}"), ToolCall.of("call_2", "photo", "{}"))),
                Message.toolResults(List.of(ToolResult.of("call_1", chart))),
                Message.toolResults(List.of(ToolResult.of("call_2", photoOnly))),
                Message.user("and now?"))).get("messages");

        assertThat(messages).hasSize(6);
        assertThat(messages.get(2)).isEqualTo(json("""
                {"role":"tool","tool_call_id":"call_1","content":"chart drawn"}"""));
        assertThat(messages.get(3).get("content").asText()).isEqualTo(OpenAiMessageWriter.IMAGES_MOVED);
        assertThat(messages.get(4)).isEqualTo(json("""
                {"role":"user","content":[
                  {"type":"text","text":"Images returned by tool call call_1:"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw=="}},
                  {"type":"text","text":"Images returned by tool call call_2:"},
                  {"type":"image_url","image_url":{"url":"https://example.com/p.jpg"}}]}"""));
        assertThat(messages.get(5)).isEqualTo(json("{\"role\":\"user\",\"content\":\"and now?\"}"));
    }

    @Test
    void toolsAreDeclaredWithTheirSchemaAndOptionalFields() {
        JsonNode body = body(openAi, LlmRequest.builder().user("q").tool(WEATHER)
                .tool(Tool.withoutParameters("now", "").withStrict(true)).parallelToolCalls(false).build());

        assertThat(body.get("tools")).isEqualTo(json("""
                [{"type":"function","function":{"name":"get_weather","description":"The weather in a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
                 {"type":"function","function":{"name":"now","parameters":%s,"strict":true}}]"""
                .formatted(Tool.withoutParameters("now", "").parametersJson())));
        assertThat(body.get("parallel_tool_calls").asBoolean(true)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "auto|\"auto\"", "none|\"none\"", "required|\"required\"",
            "get_weather|{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"})
    void toolChoiceTakesEachForm(String choice, String expected) {
        ToolChoice toolChoice = switch (choice) {
            case "auto" -> ToolChoice.auto();
            case "none" -> ToolChoice.none();
            case "required" -> ToolChoice.required();
            default -> ToolChoice.tool(choice);
        };

        JsonNode body = body(openAi, LlmRequest.builder().user("q").tool(WEATHER).toolChoice(toolChoice).build());

        assertThat(body.get("tool_choice")).isEqualTo(json(expected));
    }

    @Test
    void toolChoiceAndParallelCallsAreLeftOutWithoutTools() {
        JsonNode body = body(openAi, LlmRequest.builder().user("q").toolChoice(ToolChoice.none())
                .parallelToolCalls(true).build());

        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.has("parallel_tool_calls")).isFalse();
    }

    @ParameterizedTest(name = "{0} on OpenAI {1}, on a compatible server {2}")
    @CsvSource({"MINIMAL,minimal,low", "LOW,low,low", "MEDIUM,medium,medium", "HIGH,high,high", "MAX,xhigh,high"})
    void reasoningEffortLevelsMapPerFamily(Reasoning.Effort effort, String onOpenAi, String onCompatible) {
        LlmRequest request = LlmRequest.builder().user("q").reasoning(Reasoning.effort(effort)).build();

        assertThat(body(openAi, request).get("reasoning_effort").asText()).isEqualTo(onOpenAi);
        assertThat(body(deepSeek, request).get("reasoning_effort").asText()).isEqualTo(onCompatible);
    }

    @ParameterizedTest(name = "{0} tokens -> {1}")
    @CsvSource({"1024,low", "4095,low", "4096,medium", "16383,medium", "16384,high", "32767,high", "32768,xhigh"})
    void aTokenBudgetBecomesTheNearestEffort(int budget, String expected) {
        LlmRequest request = LlmRequest.builder().user("q").reasoning(Reasoning.budgetTokens(budget)).build();

        assertThat(body(openAi, request).get("reasoning_effort").asText()).isEqualTo(expected);
    }

    @Test
    void reasoningOffIsNoneOnOpenAiAndNothingOnACompatibleServer() {
        LlmRequest request = LlmRequest.builder().user("q").reasoning(Reasoning.off()).build();

        assertThat(body(openAi, request).get("reasoning_effort").asText()).isEqualTo("none");
        assertThat(body(deepSeek, request).has("reasoning_effort")).isFalse();
    }

    @Test
    void topPAndSeedAreSent() {
        JsonNode body = body(openAi, LlmRequest.builder().user("q").topP(0.9).seed(42).build());

        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("seed").asLong()).isEqualTo(42);
    }

    @Test
    void providerFieldsApplyOnlyForThisProvidersName() {
        LlmRequest request = LlmRequest.builder().user("q").temperature(0.2)
                .providerFields("openai", "{\"service_tier\":\"flex\",\"temperature\":0.7}")
                .providerFields(OpenAiWire.PROVIDER, "{\"thinking\":{\"type\":\"enabled\"}}").build();

        JsonNode toOpenAi = body(openAi, request);
        JsonNode toDeepSeek = body(deepSeek, request);

        assertThat(toOpenAi.get("service_tier").asText()).isEqualTo("flex");
        assertThat(toOpenAi.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(toOpenAi.has("thinking")).isFalse();
        assertThat(toDeepSeek.get("thinking")).isEqualTo(json("{\"type\":\"enabled\"}"));
        assertThat(toDeepSeek.has("service_tier")).isFalse();
        assertThat(toDeepSeek.get("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void aCallsExtraContentGoesBackOnlyToTheProviderThatSentIt() {
        String signature = "{\"google\":{\"thought_signature\":\"c2ln\"}}";
        ToolCall own = ToolCall.of("c1", "f", "{}")
                .withState(ProviderState.of(OpenAiWire.PROVIDER, OpenAiWire.VENDOR, signature));
        ToolCall foreign = ToolCall.of("c2", "f", "{}").withState(ProviderState.of("gemini", "gemini", "sig"));

        JsonNode calls = body(deepSeek, of(Message.user("q"), Message.assistant(List.of(own, foreign)),
                Message.toolResults(List.of(ToolResult.of("c1", "1"), ToolResult.of("c2", "2")))))
                .at("/messages/1/tool_calls");

        assertThat(calls.get(0).get("extra_content")).isEqualTo(json(signature));
        assertThat(calls.get(1).has("extra_content")).isFalse();
    }
}
