package io.relay4j.providers.anthropic;

import static io.relay4j.providers.anthropic.AnthropicFixtures.PROVIDER;
import static io.relay4j.providers.anthropic.AnthropicFixtures.reply;
import static io.relay4j.providers.anthropic.AnthropicFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolCallDelta;
import io.relay4j.core.Usage;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.streaming.LlmChunks;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/** Issue 13: tool calls, thinking and redacted thinking on Anthropic's wire, whole and streamed. */
class AnthropicContentWireTest {

    private static final String SIGNATURE = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds";
    private static final String REDACTED_DATA =
            "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj2";

    private final AnthropicProtocol protocol = AnthropicFixtures.protocol();

    @Test
    void aWholeAnswerOfTextThenAToolCallIsTheTextAndTheCallInOrderWithToolCallsAsFinishReason() {
        LlmResponse response = decode("response-text-then-tool.json");

        assertThat(response.message().parts()).containsExactly(
                TextPart.of("I'll check the current weather in San Francisco for you."),
                ToolCall.of("toolu_01A09q90qw90lq917835lq9", "get_weather",
                        "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.toolCalls().get(0).arguments()).containsEntry("unit", "celsius");
    }

    @Test
    void parallelCallsKeepTheirOrderAndAnEmptyInputIsAnEmptyObject() {
        LlmResponse response = decode("response-parallel-tools.json");

        assertThat(response.toolCalls()).extracting(ToolCall::id)
                .containsExactly("toolu_01WeatherSF", "toolu_01TimeSF", "toolu_01NoArgs");
        assertThat(response.toolCalls().get(2).argumentsJson()).isEqualTo("{}");
        assertThat(response.content()).isEmpty();
    }

    @Test
    void thinkingKeepsItsSignatureBoundToThisProviderAndServerToolBlocksAreLeftOut() {
        LlmResponse response = decode("response-thinking-tool.json");

        assertThat(response.message().parts()).containsExactly(
                ReasoningPart.of("The user wants the weather in Paris. I should call get_weather.")
                        .withState(ProviderState.of(PROVIDER, "anthropic", SIGNATURE)),
                ToolCall.of("toolu_01ParisWeather", "get_weather", "{\"location\":\"Paris\",\"days\":[1,2]}"));
        assertThat(response.usage()).isEqualTo(Usage.builder().inputTokens(1200 + 100 + 700).outputTokens(310)
                .cachedInputTokens(700).reasoningTokens(240).build());
    }

    @Test
    void redactedThinkingIsARedactedReasoningPartCarryingItsData() {
        LlmResponse response = decode("response-redacted-thinking.json");

        assertThat(response.message().parts()).containsExactly(
                ReasoningPart.redacted(ProviderState.of(PROVIDER, "anthropic", REDACTED_DATA)),
                ReasoningPart.of("Now I can answer.").withState(ProviderState.of(PROVIDER, "anthropic",
                        "ErUBCkYIAxgCIkBsig")),
                TextPart.of("The answer is 42."));
        assertThat(response.reasoning()).isEqualTo("Now I can answer.");
        assertThat(response.usage().reasoningTokens()).isZero();
    }

    @Test
    void aToolCallWhoseInputIsNotAnObjectIsInvalidOutputNamingTheCallNotTheArguments() {
        String body = "{\"type\":\"message\",\"model\":\"m\",\"stop_reason\":\"tool_use\",\"content\":[{\"type\":"
                + "\"tool_use\",\"id\":\"toolu_9\",\"name\":\"lookup\",\"input\":\"secret argument\"}]}";

        assertThatThrownBy(() -> protocol.decodeResponse(reply(200, body), LlmRequest.of("x")))
                .isInstanceOfSatisfying(InvalidOutput.class, e -> assertThat(e.getMessage())
                        .contains("toolu_9").doesNotContain("secret"));
    }

    @Test
    void aStreamedTextThenToolAnswerEmitsTheTextThenTheCompleteCallOnce() {
        List<LlmChunk> chunks = stream("stream-text-then-tool.sse", LlmRequest.of("x"));

        assertThat(chunks.stream().filter(c -> c.toolCall().isPresent())).singleElement()
                .satisfies(c -> assertThat(c.toolCall().get()).isEqualTo(ToolCall.of("toolu_01A09q90qw90lq917835lq9",
                        "get_weather", "{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}")));
        assertThat(chunks).noneMatch(c -> c.toolCallDelta().isPresent());
        assertThat(chunks.stream().map(LlmChunk::text).reduce("", String::concat))
                .isEqualTo("I'll check the current weather in San Francisco for you.");
        assertThat(chunks.get(chunks.size() - 1).finishReason()).contains(FinishReason.TOOL_CALLS);
    }

    @Test
    void parallelStreamedCallsAreEmittedEachAtItsBlockStopInOrder() {
        List<LlmChunk> chunks = stream("stream-parallel-tools.sse", LlmRequest.of("x"));

        assertThat(chunks.stream().flatMap(c -> c.toolCall().stream()).map(ToolCall::id))
                .containsExactly("toolu_01WeatherSF", "toolu_01TimeSF", "toolu_01NoArgs");
    }

    @Test
    void argumentFragmentsAreEmittedOnlyWhenTheRequestAsksIndexedByTheCallsPosition() {
        LlmRequest wantsDeltas = LlmRequest.builder().user("x").toolCallDeltas(true).build();

        List<ToolCallDelta> deltas = stream("stream-parallel-tools.sse", wantsDeltas).stream()
                .flatMap(c -> c.toolCallDelta().stream()).toList();

        assertThat(deltas).containsExactly(
                ToolCallDelta.of(0, "get_weather", "{\"locati"),
                ToolCallDelta.of(0, "get_weather", "on\": \"San Francisco, CA\"}"),
                ToolCallDelta.of(1, "get_time", "{\"timezone\": "),
                ToolCallDelta.of(1, "get_time", "\"America/Los_Angeles\"}"));
        assertThat(stream("stream-parallel-tools.sse", LlmRequest.of("x")))
                .noneMatch(c -> c.toolCallDelta().isPresent());
    }

    @Test
    void streamedThinkingIsReasoningChunksAndTheSignatureStaysOnTheBlock() {
        List<LlmChunk> chunks = stream("stream-thinking-tool.sse", LlmRequest.of("x"));

        assertThat(chunks.stream().map(LlmChunk::reasoning).reduce("", String::concat))
                .isEqualTo("The user wants the weather in Paris. I should call get_weather.");
        assertThat(chunks.stream().flatMap(c -> c.toolCall().stream()).map(ToolCall::id))
                .as("the server tool's input is not a call of the caller's tools").containsExactly("toolu_01ParisWeather");
        Message message = chunks.get(chunks.size() - 1).message().orElseThrow();
        assertThat(((ReasoningPart) message.parts().get(0)).state())
                .contains(ProviderState.of(PROVIDER, "anthropic", SIGNATURE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text-then-tool", "parallel-tools", "thinking-tool", "redacted-thinking"})
    void foldingTheStreamGivesTheWholeAnswer(String answer) {
        LlmResponse whole = decode("response-" + answer + ".json");

        LlmResponse folded = LlmChunks.toResponse(Flux.fromIterable(stream("stream-" + answer + ".sse",
                LlmRequest.of("x"))), PROVIDER).block();

        assertThat(folded.message()).isEqualTo(whole.message());
        assertThat(folded.finishReason()).isEqualTo(whole.finishReason());
        assertThat(folded.usage()).isEqualTo(whole.usage());
        assertThat(folded.model()).isEqualTo(whole.model());
    }

    @Test
    void aToolCallSplitAtEveryBytePositionIsTheSameCall() {
        byte[] sse = wire("stream-text-then-tool.sse");
        List<LlmChunk> reference = stream(AnthropicFixtures.events(sse), LlmRequest.of("x"));

        for (int at = 0; at <= sse.length; at++) {
            List<ServerSentEvent> events = AnthropicFixtures.events(Arrays.copyOfRange(sse, 0, at),
                    Arrays.copyOfRange(sse, at, sse.length));

            assertThat(stream(events, LlmRequest.of("x"))).as("split at byte %d", at).isEqualTo(reference);
        }
    }

    @Test
    void aStreamCutInsideAToolCallEmitsNothingOfTheCallAndIsMalformed() {
        List<ServerSentEvent> events = AnthropicFixtures.events(wire("stream-text-then-tool.sse"));
        int cut = indexOf(events, "content_block_stop", 1);
        StreamParser parser = parser(LlmRequest.of("x"));
        List<LlmChunk> chunks = new ArrayList<>();
        for (ServerSentEvent event : events.subList(0, cut)) {
            chunks.addAll(parser.onEvent(event));
        }

        assertThat(chunks).noneMatch(c -> c.toolCall().isPresent());
        assertThatThrownBy(parser::onEnd).isInstanceOf(MalformedResponse.class);
    }

    @Test
    void aStreamedCallWithInvalidJsonIsInvalidOutputNeverAnEmptyObject() {
        StreamParser parser = parser(LlmRequest.of("x"));
        parser.onEvent(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_cut\",\"name\":\"lookup\",\"input\":{}}}"));
        parser.onEvent(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"q\\\": \\\"secret\"}}"));

        assertThatThrownBy(() -> parser.onEvent(event("content_block_stop",
                "{\"type\":\"content_block_stop\",\"index\":0}")))
                .isInstanceOfSatisfying(InvalidOutput.class, e -> assertThat(e.getMessage())
                        .contains("toolu_cut").doesNotContain("secret"));
    }

    private LlmResponse decode(String resource) {
        return protocol.decodeResponse(reply(200, Map.of(), wire(resource)), LlmRequest.of("x"));
    }

    private List<LlmChunk> stream(String resource, LlmRequest request) {
        return stream(AnthropicFixtures.events(wire(resource)), request);
    }

    private List<LlmChunk> stream(List<ServerSentEvent> events, LlmRequest request) {
        StreamParser parser = parser(request);
        List<LlmChunk> chunks = new ArrayList<>();
        for (ServerSentEvent event : events) {
            chunks.addAll(parser.onEvent(event));
        }
        chunks.add(parser.onEnd());
        return chunks;
    }

    private StreamParser parser(LlmRequest request) {
        return protocol.newStreamParser(reply(200, Map.of(), new byte[0]), request);
    }

    private static ServerSentEvent event(String name, String data) {
        return AnthropicFixtures.event(name, data);
    }

    /** The position of the n-th (from 0) event of that name. */
    private static int indexOf(List<ServerSentEvent> events, String name, int nth) {
        int seen = 0;
        for (int i = 0; i < events.size(); i++) {
            if (name.equals(events.get(i).event()) && seen++ == nth) {
                return i;
            }
        }
        throw new AssertionError("no " + name + " #" + nth);
    }
}
