package io.relay4j.providers.internal.openai;

import static io.relay4j.providers.internal.openai.OpenAiWire.last;
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
import io.relay4j.streaming.sse.ServerSentEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Tool calls and reasoning of the Chat Completions family against recorded vendor payloads
 * ({@code src/test/resources/wire/openai}), whole and streamed, including the stream hazards of
 * tools-and-content.md section 4.
 */
class OpenAiToolCallWireTest {

    private final OpenAiWire wire = OpenAiWire.compatible();

    private static List<ToolCall> calls(List<LlmChunk> chunks) {
        return chunks.stream().filter(c -> c.toolCall().isPresent()).map(c -> c.toolCall().get()).toList();
    }

    @Test
    void aSingleCallWholeIsTheAnswersOnlyPartWithToolCallsAsTheFinishReason() {
        LlmResponse response = wire.whole("tool-call-single.json");

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.message().parts()).hasSize(1);
        ToolCall call = response.toolCalls().get(0);
        assertThat(call.id()).isEqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA");
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo(Map.of("city", "San Francisco", "unit", "c"));
    }

    @Test
    void aSingleCallStreamedIsEmittedOnceAtTheFinishReasonAndEqualsTheWholeOne() {
        List<LlmChunk> chunks = wire.stream("tool-call-single.sse");

        assertThat(calls(chunks)).containsExactlyElementsOf(wire.whole("tool-call-single.json").toolCalls());
        assertThat(last(chunks).finishReason()).contains(FinishReason.TOOL_CALLS);
        assertThat(last(chunks).usage()).contains(Usage.of(80, 19));
    }

    @Test
    void parallelCallsWholeKeepTheirOrder() {
        assertThat(wire.whole("tool-calls-parallel.json").toolCalls()).extracting(ToolCall::name)
                .containsExactly("get_weather", "get_time");
    }

    @Test
    void interleavedParallelDeltasAreNotCompletedByAnIndexChange() {
        List<LlmChunk> chunks = wire.stream("tool-calls-parallel.sse");

        List<ToolCall> calls = calls(chunks);
        assertThat(calls).containsExactlyElementsOf(wire.whole("tool-calls-parallel.json").toolCalls());
        assertThat(calls.get(0).arguments()).isEqualTo(Map.of("city", "Paris"));
        assertThat(calls.get(1).arguments()).isEqualTo(Map.of("zone", "Europe/Paris"));
    }

    @Test
    void callsAreEmittedOnlyByTheFinishReasonEvent() {
        byte[] body = OpenAiWire.bytes("tool-calls-parallel.sse");
        String[] events = new String(body, StandardCharsets.UTF_8).split("\n\n");
        var parser = wire.protocol().newStreamParser(OpenAiWire.reply(new byte[0]), LlmRequest.of("q"));
        for (int i = 0; i < events.length; i++) {
            String data = events[i].strip().substring("data: ".length());
            List<LlmChunk> out = parser.onEvent(new ServerSentEvent("", data, "",
                    OptionalLong.empty()));
            boolean finishEvent = data.contains("\"finish_reason\":\"tool_calls\"");
            assertThat(calls(out)).as("event %d", i).hasSize(finishEvent ? 2 : 0);
        }
    }

    @Test
    void textThenToolIsTextThenTheCallWholeAndStreamed() {
        Message whole = wire.whole("text-then-tool.json").message();
        assertThat(whole.parts()).hasSize(2);
        assertThat(whole.parts().get(0)).isEqualTo(TextPart.of("Let me check the weather."));
        assertThat(whole.toolCalls()).extracting(ToolCall::id).containsExactly("call_3");

        List<LlmChunk> chunks = wire.stream("text-then-tool.sse");
        assertThat(chunks.stream().map(LlmChunk::text).reduce("", String::concat))
                .isEqualTo("Let me check the weather.");
        assertThat(last(chunks).message()).contains(whole);
    }

    @Test
    void aReusedIndexZeroWithANewIdOpensANewCall() {
        List<ToolCall> calls = calls(wire.stream("ollama-index0-new-ids.sse"));

        assertThat(calls).extracting(ToolCall::id).containsExactly("call_0c4kzs3b", "call_9d1mq7ab");
        assertThat(calls).extracting(c -> c.arguments().get("city")).containsExactly("Paris", "Rome");
    }

    @Test
    void oneBasedSparseIndicesAreKeysNotPositionsAndCallsComeInFirstAppearanceOrder() {
        List<ToolCall> calls = calls(wire.stream("one-based-sparse-indices.sse"));

        assertThat(calls).extracting(ToolCall::id).containsExactly("call_a", "call_b");
        assertThat(calls).extracting(c -> c.arguments().get("q")).containsExactly("a", "b");
    }

    @Test
    void emptyArgumentsAreAnEmptyObject() {
        List<ToolCall> calls = calls(wire.stream("empty-arguments.sse"));

        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.argumentsJson()).isEqualTo("{}");
            assertThat(c.arguments()).isEmpty();
        });
    }

    @Test
    void invalidArgumentsAreInvalidOutputWholeWithoutQuotingThem() {
        assertThatThrownBy(() -> wire.whole("invalid-arguments.json")).isInstanceOfSatisfying(InvalidOutput.class,
                e -> {
                    assertThat(e.getMessage()).contains("call_bad").doesNotContain("Paris");
                    assertThat(e.details().vendorCode()).contains("invalid_tool_call");
                });
    }

    @Test
    void invalidArgumentsAreInvalidOutputStreamedAndNoCallIsEmitted() {
        assertThatThrownBy(() -> wire.stream("invalid-arguments.sse")).isInstanceOf(InvalidOutput.class)
                .hasMessageNotContaining("Paris");
    }

    @Test
    void aStreamCutInsideACallEmitsNoCallAndIsMalformed() {
        byte[] body = OpenAiWire.bytes("tool-call-cut.sse");
        var parser = wire.protocol().newStreamParser(OpenAiWire.reply(new byte[0]), LlmRequest.of("q"));
        for (String event : new String(body, StandardCharsets.UTF_8).strip().split("\n\n")) {
            assertThat(calls(parser.onEvent(new ServerSentEvent("",
                    event.substring("data: ".length()), "", OptionalLong.empty())))).isEmpty();
        }
        assertThat(parser.saidFinished()).isFalse();
        assertThatThrownBy(parser::onEnd).isInstanceOf(MalformedResponse.class);
    }

    @Test
    void geminiMalformedFunctionCallIsInvalidOutputWholeAndStreamed() {
        assertThatThrownBy(() -> wire.whole("gemini-malformed-function-call.json"))
                .isInstanceOfSatisfying(InvalidOutput.class,
                        e -> assertThat(e.details().vendorCode()).contains("MALFORMED_FUNCTION_CALL"));
        assertThatThrownBy(() -> wire.stream("gemini-malformed-function-call.sse")).isInstanceOf(InvalidOutput.class);
    }

    @Test
    void deepSeekReasoningContentIsAReasoningPartBoundToThisProviderWithItsTokens() {
        LlmResponse response = wire.whole("deepseek-reasoning-tool-call.json");

        assertThat(response.message().parts().get(0)).isEqualTo(
                ReasoningPart.of("The user wants the weather in Oslo. I should call get_weather.")
                        .withState(ProviderState.of(OpenAiWire.PROVIDER, OpenAiWire.VENDOR, "reasoning_content")));
        assertThat(response.message().parts()).hasSize(2);
        assertThat(response.toolCalls()).extracting(ToolCall::id).containsExactly("call_00_aX9f");
        assertThat(response.usage().reasoningTokens()).isEqualTo(70);
        assertThat(response.usage().cachedInputTokens()).isEqualTo(256);
    }

    @Test
    void reasoningContentStreamsAsReasoningChunksBeforeTheCall() {
        List<LlmChunk> chunks = wire.stream("deepseek-reasoning-tool-call.sse");

        assertThat(chunks).filteredOn(c -> !c.reasoning().isEmpty()).extracting(LlmChunk::reasoning)
                .containsExactly("The user wants the weather in Oslo.", " I should call get_weather.");
        assertThat(last(chunks).usage().orElseThrow().reasoningTokens()).isEqualTo(70);
    }

    @Test
    void ollamaReasoningIsReadAndRemembersItsField() {
        Message whole = wire.whole("ollama-reasoning.json").message();

        assertThat(whole.parts()).containsExactly(ReasoningPart.of("Six times seven is 42.")
                .withState(ProviderState.of(OpenAiWire.PROVIDER, OpenAiWire.VENDOR, "reasoning")), TextPart.of("42."));
        assertThat(last(wire.stream("ollama-reasoning.sse")).message()).contains(whole);
    }

    @Test
    void argumentFragmentsComeOnlyWhenTheRequestAsksForThem() {
        byte[] body = OpenAiWire.bytes("tool-calls-parallel.sse");

        assertThat(wire.stream(LlmRequest.of("q"), body)).allSatisfy(c -> assertThat(c.toolCallDelta()).isEmpty());
        List<ToolCallDelta> deltas = wire.stream(LlmRequest.builder().user("q").toolCallDeltas(true).build(), body)
                .stream().flatMap(c -> c.toolCallDelta().stream()).toList();
        assertThat(deltas).extracting(ToolCallDelta::index).containsExactly(0, 1, 0, 1);
        assertThat(deltas).extracting(ToolCallDelta::name)
                .containsExactly("get_weather", "get_time", "get_weather", "get_time");
        assertThat(deltas.stream().filter(d -> d.index() == 0).map(ToolCallDelta::argumentsFragment)
                .reduce("", String::concat)).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void aStreamedCallSplitAtEveryBytePositionGivesTheSameCall() {
        for (String resource : List.of("tool-call-single.sse", "tool-calls-parallel.sse",
                "deepseek-reasoning-tool-call.sse")) {
            List<LlmChunk> whole = wire.stream(resource);
            int length = OpenAiWire.bytes(resource).length;
            for (int at = 1; at < length; at++) {
                List<LlmChunk> split = wire.streamSplitAt(resource, at);
                assertThat(calls(split)).as("%s split at %d", resource, at).isEqualTo(calls(whole));
                assertThat(last(split).message()).as("%s split at %d", resource, at).isEqualTo(last(whole).message());
            }
        }
    }

    @Test
    void aFragmentAfterTheFinishReasonIsMalformed() {
        var parser = wire.protocol().newStreamParser(OpenAiWire.reply(new byte[0]), LlmRequest.of("q"));
        parser.onEvent(event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}"));

        assertThatThrownBy(() -> parser.onEvent(event("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
                + "[{\"index\":0,\"function\":{\"arguments\":\"x\"}}]},\"finish_reason\":null}]}")))
                .isInstanceOf(MalformedResponse.class);
    }

    @Test
    void aCallAnsweredWithStopIsStillAToolTurn() {
        LlmResponse response = wire.protocol().decodeResponse(OpenAiWire.reply(("{\"model\":\"m\",\"choices\":[{"
                + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}}]},"
                + "\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8)),
                LlmRequest.of("q"));

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.toolCalls().get(0).arguments()).isEqualTo(Map.of("a", 1L));
    }

    private static ServerSentEvent event(String data) {
        return new ServerSentEvent("", data, "", OptionalLong.empty());
    }
}
