package io.relay4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The content model on the request, the answer, the chunk, the usage and the provider's declaration. */
class ContentRequestAndAnswerTest {

    private static final String SECRET = "the launch code is 0000";
    private static final Tool WEATHER = Tool.withoutParameters("weather", "the weather now");
    private static final Tool SEARCH = Tool.of("search", "web search",
            "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}");
    private static final ToolCall CALL = ToolCall.of("call_1", "search", "{\"q\":\"" + SECRET + "\"}");
    private static final ImagePart IMAGE = ImagePart.of(new byte[] {9}, "image/jpeg");

    @Test
    void aRequestRefusesTwoToolsOfOneName() {
        assertThatThrownBy(() -> LlmRequest.builder().user("x").tool(WEATHER)
                .tool(Tool.of("weather", "other", "{}")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two tools are named 'weather': tool names must differ");
    }

    @Test
    void aToolChoiceMustNameADeclaredToolAndRequiredNeedsTools() {
        assertThatThrownBy(() -> LlmRequest.builder().user("x").tool(WEATHER).toolChoice(ToolChoice.tool("search"))
                .build()).hasMessageContaining("the tool choice names 'search', which the request does not declare");
        assertThatThrownBy(() -> LlmRequest.builder().user("x").toolChoice(ToolChoice.required()).build())
                .hasMessage("the tool choice REQUIRED needs tools: declare them with tool(...)");
        assertThat(LlmRequest.builder().user("x").tool(SEARCH).toolChoice(ToolChoice.tool("search")).build()
                .toolChoice()).contains(ToolChoice.tool("search"));
        assertThat(LlmRequest.builder().user("x").toolChoice(ToolChoice.none()).build().toolChoice())
                .contains(ToolChoice.none());
        assertThat(LlmRequest.builder().user("x").toolChoice(ToolChoice.auto()).build().tools()).isEmpty();
    }

    @Test
    void topPIsInTheHalfOpenUnitInterval() {
        assertThat(LlmRequest.builder().user("x").topP(1.0).build().topP().getAsDouble()).isEqualTo(1.0);
        assertThat(LlmRequest.builder().user("x").topP(0.01).build().topP().getAsDouble()).isEqualTo(0.01);
        for (double bad : new double[] {0.0, -0.1, 1.0001, Double.NaN}) {
            assertThatThrownBy(() -> LlmRequest.builder().user("x").topP(bad).build()).as("" + bad)
                    .hasMessageStartingWith("topP must be greater than 0 and at most 1");
        }
    }

    @Test
    void providerFieldsMustBeAJsonObjectForANamedProvider() {
        LlmRequest request = LlmRequest.builder().user("x").providerFields("openai", "{\"service_tier\":\"flex\"}")
                .providerFields("openai", "{\"store\":false}").build();
        assertThat(request.providerFields()).containsExactly(java.util.Map.entry("openai", "{\"store\":false}"));
        assertThat(request.toString()).contains("providerFields=[openai]").doesNotContain("store");

        for (String bad : List.of("[]", "\"x\"", "{", "")) {
            assertThatThrownBy(() -> LlmRequest.builder().providerFields("openai", bad)).as(bad)
                    .hasMessage("the providerFields for 'openai' must be a JSON object");
        }
        assertThatThrownBy(() -> LlmRequest.builder().providerFields(" ", "{}"))
                .hasMessageContaining("provider's name");
    }

    @Test
    void everyContentSettingSurvivesToBuilderAndCountsInEquality() {
        LlmRequest request = LlmRequest.builder()
                .message(Message.user(TextPart.of(SECRET), IMAGE))
                .message(Message.assistant(List.of(CALL)))
                .message(Message.toolResult("call_1", "result"))
                .tool(SEARCH).tool(WEATHER).toolChoice(ToolChoice.auto()).parallelToolCalls(false)
                .reasoning(Reasoning.effort(Reasoning.Effort.LOW)).topP(0.9).seed(7)
                .providerFields("p", "{}").toolCallDeltas(true).build();

        assertThat(request.toBuilder().build()).isEqualTo(request).hasSameHashCodeAs(request);
        assertThat(request.toBuilder().seed(8).build()).isNotEqualTo(request);
        assertThat(request.toBuilder().toolCallDeltas(false).build()).isNotEqualTo(request);
        assertThat(request.toBuilder().clearTools().tool(SEARCH).build().tools()).containsExactly(SEARCH);
        assertThat(request.toString()).doesNotContain(SECRET).doesNotContain("0000")
                .contains("tools=2", "toolChoice=AUTO", "parallelToolCalls=false", "seed=7", "topP=0.9");
        assertThat(request.totalChars()).isEqualTo(SECRET.length() + 6_000 + "search".length()
                + CALL.argumentsJson().length() + "result".length());
    }

    @Test
    void aPlainRequestNeedsNothing() {
        assertThat(LlmRequest.of("hi").requiredCapabilities()).isEmpty();
        assertThat(LlmRequest.builder().system("s").user("u").assistant("a").user("u").build().requiredCapabilities())
                .isEmpty();
        assertThat(LlmRequest.builder().user("x").reasoning(Reasoning.off()).parallelToolCalls(true).build()
                .requiredCapabilities()).isEmpty();
    }

    @Test
    void requiredCapabilitiesFollowWhatTheRequestCarries() {
        assertThat(needs(LlmRequest.builder().user("x").tool(WEATHER))).containsExactly(Capability.TOOLS);
        assertThat(needs(LlmRequest.builder().user("x").tool(WEATHER).parallelToolCalls(true)))
                .containsExactly(Capability.TOOLS, Capability.PARALLEL_TOOL_CALLS);
        assertThat(needs(LlmRequest.builder().user("x").tool(WEATHER).parallelToolCalls(false)))
                .containsExactly(Capability.TOOLS);
        assertThat(needs(LlmRequest.builder().message(Message.user(TextPart.of("what"), IMAGE))))
                .containsExactly(Capability.IMAGES);
        assertThat(needs(LlmRequest.builder().user("x").responseFormat(ResponseFormat.jsonSchema("s", "{}"))))
                .containsExactly(Capability.STRUCTURED_OUTPUT);
        assertThat(needs(LlmRequest.builder().user("x").reasoning(Reasoning.budgetTokens(2048))))
                .containsExactly(Capability.REASONING);
        // a conversation with tool calls and results needs tools even when the request declares none any more
        assertThat(needs(LlmRequest.builder().user("x").message(Message.assistant(List.of(CALL)))
                .message(Message.toolResult("call_1", "r")))).containsExactly(Capability.TOOLS);
        assertThat(needs(LlmRequest.builder().message(Message.toolResults(List.of(
                ToolResult.of("c", List.of(IMAGE))))))).containsExactly(Capability.TOOLS, Capability.IMAGES);

        Set<Capability> all = needs(LlmRequest.builder().message(Message.user(TextPart.of("x"), IMAGE))
                .tool(SEARCH).parallelToolCalls(true).responseFormat(ResponseFormat.jsonSchema("s", "{}"))
                .reasoning(Reasoning.effort(Reasoning.Effort.MAX)));
        assertThat(all).isEqualTo(EnumSet.allOf(Capability.class));
        assertThatThrownBy(() -> all.add(Capability.TOOLS)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static Set<Capability> needs(LlmRequest.Builder builder) {
        return builder.build().requiredCapabilities();
    }

    @Test
    void anAnswerIsAnAssistantMessage() {
        Message message = Message.assistant(List.of(ReasoningPart.of("think"), TextPart.of("Searching."), CALL));
        LlmResponse response = LlmResponse.builder().message(message).provider("p").model("m")
                .finishReason(FinishReason.TOOL_CALLS).build();

        assertThat(response.message()).isSameAs(message);
        assertThat(response.content()).isEqualTo("Searching.");
        assertThat(response.reasoning()).isEqualTo("think");
        assertThat(response.toolCalls()).containsExactly(CALL);
        assertThat(response.toString()).contains("toolCalls=1").doesNotContain(SECRET).doesNotContain("Searching");
        assertThat(response.toBuilder().build()).isEqualTo(response);
        assertThat(response.withRouting(List.of(), java.time.Duration.ZERO, java.util.Optional.empty()).message())
                .isSameAs(message);

        LlmResponse text = LlmResponse.builder().content("hello").provider("p").model("m")
                .finishReason(FinishReason.STOP).build();
        assertThat(text.message()).isEqualTo(Message.assistant("hello"));
        assertThat(text.toolCalls()).isEmpty();
        assertThat(text.reasoning()).isEmpty();
        // the last of content and message wins
        assertThat(text.toBuilder().message(message).build().content()).isEqualTo("Searching.");
        assertThat(response.toBuilder().content("plain").build().toolCalls()).isEmpty();
        assertThatThrownBy(() -> LlmResponse.builder().message(Message.user("u")))
                .hasMessage("an answer is an assistant message, got USER");
    }

    @Test
    void onlyTheLastChunkCarriesTheMessage() {
        Message message = Message.assistant(List.of(CALL));
        LlmChunk last = LlmChunk.builder().message(message).finishReason(FinishReason.TOOL_CALLS)
                .usage(Usage.of(1, 2)).model("m").build();
        assertThat(last.isLast()).isTrue();
        assertThat(last.message()).contains(message);
        assertThat(last.withRouting("p", List.of(), java.util.Optional.empty()).message()).contains(message);
        assertThat(last.toBuilder().build()).isEqualTo(last);

        assertThatThrownBy(() -> LlmChunk.builder().message(message).build())
                .hasMessage("only the last chunk (with a finish reason) carries the message");
        assertThatThrownBy(() -> LlmChunk.builder().message(Message.system("s")))
                .hasMessage("an answer is an assistant message, got SYSTEM");

        LlmChunk call = LlmChunk.toolCall(CALL);
        assertThat(call.toolCall()).contains(CALL);
        assertThat(call.text()).isEmpty();
        assertThat(call.isLast()).isFalse();
        assertThat(call.message()).isEmpty();
        assertThat(call.toString()).doesNotContain(SECRET).contains("call_1");

        LlmChunk thinking = LlmChunk.reasoning(SECRET);
        assertThat(thinking.reasoning()).isEqualTo(SECRET);
        assertThat(thinking.toString()).doesNotContain(SECRET).contains("reasoningChars=" + SECRET.length());

        LlmChunk delta = LlmChunk.builder().toolCallDelta(ToolCallDelta.of(0, "search", "{\"q\":\"" + SECRET)).build();
        assertThat(delta.toolCallDelta().get().argumentsFragment()).startsWith("{\"q\"");
        assertThat(delta.toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> ToolCallDelta.of(-1, "", "x")).hasMessageContaining("index must not be negative");
    }

    @Test
    void usageCarriesReasoningTokensThroughSumsAndBuilders() {
        Usage usage = Usage.builder().inputTokens(10).outputTokens(50).cachedInputTokens(4).reasoningTokens(30).build();
        assertThat(usage.reasoningTokens()).isEqualTo(30);
        assertThat(usage.plus(usage).reasoningTokens()).isEqualTo(60);
        assertThat(usage.toBuilder().build()).isEqualTo(usage);
        assertThat(usage.toBuilder().reasoningTokens(0).build()).isNotEqualTo(usage);
        assertThat(usage.toString()).contains("reasoningTokens=30");
        assertThat(Usage.of(1, 2).toString()).doesNotContain("reasoning");
        assertThat(Usage.of(1, 2).reasoningTokens()).isZero();
        assertThatThrownBy(() -> Usage.builder().reasoningTokens(-1)).hasMessageContaining("reasoningTokens");
    }

    @Test
    void aProviderDeclaresWhatItSupports() {
        ProviderInfo plain = ProviderInfo.of("openai", "gpt");
        assertThat(plain.capabilities()).isEmpty();
        assertThat(plain.supports(Set.of())).isTrue();
        assertThat(plain.supports(Set.of(Capability.TOOLS))).isFalse();

        ProviderInfo tools = ProviderInfo.builder().vendor("openai").model("gpt")
                .capabilities(Capability.REASONING, Capability.TOOLS).build();
        assertThat(tools.capabilities()).containsExactly(Capability.TOOLS, Capability.REASONING);
        assertThat(tools.supports(Set.of(Capability.TOOLS))).isTrue();
        assertThat(tools.supports(EnumSet.of(Capability.TOOLS, Capability.IMAGES))).isFalse();
        assertThat(tools.toBuilder().build()).isEqualTo(tools);
        assertThat(tools).isNotEqualTo(plain.toBuilder().build());
        assertThat(tools.toString()).contains("capabilities=[TOOLS, REASONING]");
        assertThat(tools.toBuilder().capabilities().build().capabilities()).isEmpty();
        assertThatThrownBy(() -> tools.capabilities().add(Capability.IMAGES))
                .isInstanceOf(UnsupportedOperationException.class);

        Set<Capability> mutable = EnumSet.of(Capability.IMAGES);
        ProviderInfo images = ProviderInfo.builder().vendor("v").model("m").capabilities(mutable).build();
        mutable.add(Capability.TOOLS);
        assertThat(images.capabilities()).containsExactly(Capability.IMAGES);
    }
}
