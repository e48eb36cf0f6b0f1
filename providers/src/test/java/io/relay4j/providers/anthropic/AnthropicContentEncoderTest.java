package io.relay4j.providers.anthropic;

import static io.relay4j.providers.anthropic.AnthropicFixtures.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.relay4j.core.error.InvalidRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13: the content model on Anthropic's request body. */
class AnthropicContentEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
    private static final Tool WEATHER = Tool.of("get_weather", "Current weather",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    private final AnthropicProtocol protocol = AnthropicFixtures.protocol();

    private static final ToolCall PARIS = ToolCall.of("toolu_1", "get_weather", "{\"city\":\"Paris\"}");
    private static final ToolCall ROME = ToolCall.of("toolu_2", "get_weather", "{\"city\":\"Rome\"}");

    @Test
    void theResultsOfOneStepAreOneUserMessageResultsFirstThenTheFollowingText() throws IOException {
        LlmRequest request = LlmRequest.builder()
                .user("Weather in Paris and Rome?")
                .message(Message.assistant(List.of(TextPart.of("Checking."), PARIS, ROME)))
                .message(Message.toolResult("toolu_1", "18C"))
                .message(Message.toolResults(List.of(ToolResult.error("toolu_2", "service down"))))
                .user("Be brief.")
                .build();

        JsonNode messages = body(request).path("messages");

        assertThat(messages).isEqualTo(JSON.readTree("""
                [{"role":"user","content":"Weather in Paris and Rome?"},
                 {"role":"assistant","content":[{"type":"text","text":"Checking."},
                   {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}},
                   {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"city":"Rome"}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},
                   {"type":"tool_result","tool_use_id":"toolu_2","content":"service down","is_error":true},
                   {"type":"text","text":"Be brief."}]}]"""));
    }

    @Test
    void aUserTextBeforeTheResultsStillGoesAfterThem() throws IOException {
        LlmRequest request = LlmRequest.builder().user("Go")
                .message(Message.assistant(List.of(PARIS)))
                .user("Also hurry.")
                .message(Message.toolResult("toolu_1", "18C"))
                .build();

        JsonNode last = body(request).path("messages").path(2);

        assertThat(last).isEqualTo(JSON.readTree("""
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},
                  {"type":"text","text":"Also hurry."}]}"""));
    }

    @Test
    void imagesAreBase64OrUrlSourcesInUserMessagesAndInToolResults() throws IOException {
        LlmRequest request = LlmRequest.builder()
                .message(Message.user(TextPart.of("What is this?"), ImagePart.of(PNG, "image/png"),
                        ImagePart.url("https://example.com/cat.jpg")))
                .message(Message.assistant(List.of(PARIS)))
                .message(Message.toolResults(List.of(ToolResult.of("toolu_1",
                        List.of(TextPart.of("radar"), ImagePart.of(PNG, "image/png"))))))
                .build();

        JsonNode messages = body(request).path("messages");

        String png = java.util.Base64.getEncoder().encodeToString(PNG);
        assertThat(messages.path(0).path("content")).isEqualTo(JSON.readTree("""
                [{"type":"text","text":"What is this?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}},
                 {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]""".formatted(png)));
        assertThat(messages.path(2).path("content").path(0)).isEqualTo(JSON.readTree("""
                {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"radar"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}}]}"""
                .formatted(png)));
    }

    @Test
    void thinkingGoesBackOnlyToTheProviderAndVendorThatMadeIt() throws IOException {
        ReasoningPart ours = ReasoningPart.of("plan").withState(ProviderState.of(PROVIDER, "anthropic", "sig-ours"));
        ReasoningPart redacted = ReasoningPart.redacted(ProviderState.of(PROVIDER, "anthropic", "data-ours"));
        ReasoningPart otherAccount = ReasoningPart.of("theirs")
                .withState(ProviderState.of("claude-backup", "anthropic", "sig-backup"));
        ReasoningPart otherVendor = ReasoningPart.of("gemini").withState(ProviderState.of(PROVIDER, "gemini", "sig-g"));
        ReasoningPart stateless = ReasoningPart.of("deepseek reasoning");
        LlmRequest request = LlmRequest.builder().user("Go")
                .message(Message.assistant(List.of(otherAccount, otherVendor, stateless, redacted, ours, PARIS)))
                .message(Message.toolResult("toolu_1", "18C"))
                .build();

        JsonNode assistant = body(request).path("messages").path(1).path("content");

        assertThat(assistant).isEqualTo(JSON.readTree("""
                [{"type":"redacted_thinking","data":"data-ours"},
                 {"type":"thinking","thinking":"plan","signature":"sig-ours"},
                 {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]"""));
    }

    @Test
    void aForeignToolLoopWithThinkingOnIsSentWithoutThinkingAsTheApiAdvises() {
        ReasoningPart foreign = ReasoningPart.of("x").withState(ProviderState.of("openai", "openai", "rs"));
        LlmRequest request = LlmRequest.builder().user("Go")
                .message(Message.assistant(List.of(foreign, PARIS)))
                .message(Message.toolResult("toolu_1", "18C"))
                .tool(WEATHER).maxTokens(4000).reasoning(Reasoning.budgetTokens(2048)).build();

        JsonNode body = body(request);

        assertThat(body.has("thinking")).isFalse();
        ReasoningPart ours = ReasoningPart.of("x").withState(ProviderState.of(PROVIDER, "anthropic", "sig"));
        JsonNode ownLoop = body(request.toBuilder().clearMessages().user("Go")
                .message(Message.assistant(List.of(ours, PARIS))).message(Message.toolResult("toolu_1", "18C"))
                .build());
        assertThat(ownLoop.path("thinking").path("type").asText()).isEqualTo("enabled");
    }

    @Test
    void aPrefillWithThinkingOnIsSentWithoutThinkingWhichTheApiRefusesThere() {
        JsonNode prefill = body(LlmRequest.builder().user("x").assistant("The answer is")
                .reasoning(Reasoning.effort(Reasoning.Effort.HIGH)).build());
        JsonNode question = body(LlmRequest.builder().user("x").reasoning(Reasoning.effort(Reasoning.Effort.HIGH))
                .build());

        assertThat(prefill.has("thinking")).isFalse();
        assertThat(prefill.path("output_config").path("effort").asText()).isEqualTo("high");
        assertThat(question.path("thinking").path("type").asText()).isEqualTo("adaptive");
    }

    @Test
    void aFinalAssistantPrefillLosesItsThinkingBlocksWhichTheApiRefusesInAFinalTurn() throws IOException {
        ReasoningPart ours = ReasoningPart.of("plan").withState(ProviderState.of(PROVIDER, "anthropic", "sig"));
        JsonNode body = body(LlmRequest.builder().user("x")
                .message(Message.assistant(List.of(ours, TextPart.of("The answer is ")))).build());

        assertThat(body.path("messages").path(1).path("content"))
                .isEqualTo(JSON.readTree("[{\"type\":\"text\",\"text\":\"The answer is\"}]"));
    }

    @Test
    void toolsAreDeclaredWithTheirSchemaAndStrictFlag() throws IOException {
        LlmRequest request = LlmRequest.builder().user("x")
                .tool(WEATHER).tool(Tool.withoutParameters("now", "").withStrict(true)).build();

        JsonNode body = body(request);

        assertThat(body.path("tools")).isEqualTo(JSON.readTree("""
                [{"name":"get_weather","description":"Current weather","input_schema":{"type":"object",
                   "properties":{"city":{"type":"string"}},"required":["city"]}},
                 {"name":"now","input_schema":{"type":"object","properties":{}},"strict":true}]"""));
        assertThat(body.has("tool_choice")).as("the API's default is auto").isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "auto     | true  | {\"type\":\"auto\"}",
        "none     | true  | {\"type\":\"none\"}",
        "required | true  | {\"type\":\"any\"}",
        "tool     | true  | {\"type\":\"tool\",\"name\":\"get_weather\"}",
        "auto     | false | {\"type\":\"auto\",\"disable_parallel_tool_use\":true}",
        "required | false | {\"type\":\"any\",\"disable_parallel_tool_use\":true}",
        "tool     | false | {\"type\":\"tool\",\"name\":\"get_weather\",\"disable_parallel_tool_use\":true}",
        "none     | false | {\"type\":\"none\"}"
    })
    void toolChoicesMapToAnthropicsForms(String choice, boolean parallel, String expected) throws IOException {
        ToolChoice toolChoice = switch (choice) {
            case "auto" -> ToolChoice.auto();
            case "none" -> ToolChoice.none();
            case "required" -> ToolChoice.required();
            default -> ToolChoice.tool("get_weather");
        };
        LlmRequest request = LlmRequest.builder().user("x").tool(WEATHER).toolChoice(toolChoice)
                .parallelToolCalls(parallel).build();

        assertThat(body(request).path("tool_choice")).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void parallelCallsOffWithoutAChoiceIsAutoWithParallelUseDisabled() throws IOException {
        LlmRequest request = LlmRequest.builder().user("x").tool(WEATHER).parallelToolCalls(false).build();

        assertThat(body(request).path("tool_choice"))
                .isEqualTo(JSON.readTree("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
    }

    @Test
    void aBudgetIsEnabledThinkingAndMaxTokensIsRaisedAboveItWhenTheRequestSetsNone() {
        JsonNode body = body(LlmRequest.builder().user("x").temperature(0.5).topP(0.5)
                .reasoning(Reasoning.budgetTokens(2048)).build());

        assertThat(body.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(body.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(2048 + 1024);
        assertThat(body.has("temperature")).as("the API refuses a temperature with thinking").isFalse();
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.95);
    }

    @Test
    void aBudgetNotBelowTheRequestsMaxTokensIsAnInvalidRequest() {
        LlmRequest request = LlmRequest.builder().user("x").maxTokens(2048).reasoning(Reasoning.budgetTokens(2048))
                .build();

        assertThatThrownBy(() -> protocol.encode(request, false))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("maxTokens (2048)");
    }

    @Test
    void aBudgetWithAForcedToolIsAnInvalidRequest() {
        LlmRequest request = LlmRequest.builder().user("x").tool(WEATHER).toolChoice(ToolChoice.required())
                .reasoning(Reasoning.budgetTokens(2048)).build();

        assertThatThrownBy(() -> protocol.encode(request, false))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("forced tool choice");
    }

    @ParameterizedTest
    @CsvSource({"MINIMAL, low", "LOW, low", "MEDIUM, medium", "HIGH, high", "MAX, max"})
    void anEffortIsAdaptiveThinkingWithOutputConfigEffort(Reasoning.Effort effort, String expected) {
        JsonNode body = body(LlmRequest.builder().user("x").reasoning(Reasoning.effort(effort)).build());

        assertThat(body.path("thinking").path("type").asText()).isEqualTo("adaptive");
        assertThat(body.path("output_config").path("effort").asText()).isEqualTo(expected);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
    }

    @Test
    void effortAndASchemaShareOutputConfig() throws IOException {
        JsonNode body = body(LlmRequest.builder().user("x").reasoning(Reasoning.effort(Reasoning.Effort.HIGH))
                .responseFormat(io.relay4j.core.ResponseFormat.jsonSchema("n", "{\"type\":\"integer\"}")).build());

        assertThat(body.path("output_config")).isEqualTo(JSON.readTree(
                "{\"effort\":\"high\",\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"integer\"}}}"));
    }

    @Test
    void reasoningOffIsDisabledThinkingAndTemperatureTopPStaySeedIsIgnored() {
        JsonNode body = body(LlmRequest.builder().user("x").reasoning(Reasoning.off()).temperature(0.4).topP(0.7)
                .seed(7).build());

        assertThat(body.path("thinking").path("type").asText()).isEqualTo("disabled");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.4);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.7);
        assertThat(body.has("seed")).isFalse();
    }

    @Test
    void aLastAssistantTurnWithToolCallsIsNotAPrefillButATextOnlyOneStillIs() {
        JsonNode withCall = body(LlmRequest.builder().user("x")
                .message(Message.assistant(List.of(TextPart.of("Let me check.  "), PARIS))).build());
        JsonNode prefill = body(LlmRequest.builder().user("x").assistant("{\"a\": ").build());

        assertThat(withCall.path("messages").path(1).path("content").path(0).path("text").asText())
                .isEqualTo("Let me check.  ");
        assertThat(prefill.path("messages").path(1).path("content").asText()).isEqualTo("{\"a\":");
    }

    @Test
    void providerFieldsAreMergedOnlyForThisProvider() {
        LlmRequest request = LlmRequest.builder().user("x")
                .providerFields(PROVIDER, "{\"top_k\":5,\"metadata\":{\"user_id\":\"u1\"}}")
                .providerFields("openai", "{\"logprobs\":true}").build();

        JsonNode body = body(request);

        assertThat(body.path("top_k").asInt()).isEqualTo(5);
        assertThat(body.path("metadata").path("user_id").asText()).isEqualTo("u1");
        assertThat(body.has("logprobs")).isFalse();
    }

    @Test
    void theEncodedBodyNeverHoldsStateOfAnotherProvider() {
        ReasoningPart other = ReasoningPart.of("x").withState(ProviderState.of("elsewhere", "anthropic", "SIG-ELSE"));
        String body = new String(protocol.encode(LlmRequest.builder().user("x")
                .message(Message.assistant(List.of(other, TextPart.of("done")))).user("next").build(), false).body(),
                StandardCharsets.UTF_8);

        assertThat(body).doesNotContain("SIG-ELSE");
    }

    private JsonNode body(LlmRequest request) {
        try {
            return JSON.readTree(protocol.encode(request, false).body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
