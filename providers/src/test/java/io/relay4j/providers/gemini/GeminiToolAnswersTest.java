package io.relay4j.providers.gemini;

import static io.relay4j.providers.gemini.GeminiFixtures.PROVIDER;
import static io.relay4j.providers.gemini.GeminiFixtures.reply;
import static io.relay4j.providers.gemini.GeminiFixtures.wire;
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
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Gemini answers with function calls, thoughts and signatures, whole and streamed, against recorded payloads. */
class GeminiToolAnswersTest {

    private static final String SIG_CALL = "CpwCAdHtim9SigFirstCall+/Q==";
    private static final String SIG_TEXT = "EtoBCtcBAdHtim9SigOnText==";

    private final GeminiProtocol protocol = GeminiFixtures.protocol();

    private static ProviderState signature(String value) {
        return ProviderState.of(PROVIDER, "gcp.gemini", value);
    }

    private LlmResponse whole(String resource, LlmRequest request) {
        return protocol.decodeResponse(reply(200, wire(resource)), request);
    }

    private List<LlmChunk> stream(String resource, LlmRequest request) {
        return stream(GeminiFixtures.events(wire(resource), 1), request);
    }

    private List<LlmChunk> stream(List<ServerSentEvent> events, LlmRequest request) {
        StreamParser parser = protocol.newStreamParser(reply(200, new byte[0]), request);
        List<LlmChunk> chunks = new ArrayList<>();
        for (ServerSentEvent event : events) {
            chunks.addAll(parser.onEvent(event));
        }
        chunks.add(parser.onEnd());
        return chunks;
    }

    private static List<ToolCall> calls(List<LlmChunk> chunks) {
        return chunks.stream().map(LlmChunk::toolCall).flatMap(Optional::stream).toList();
    }

    @Test
    void aGemini25CallWithoutIdGetsAnIdFromTheTurnAndPositionAndFinishesForTools() {
        LlmRequest secondTurn = LlmRequest.builder().user("a").assistant("b").user("c").assistant("d").user("e")
                .build();

        LlmResponse first = whole("whole-call-25.json", LlmRequest.of("Weather in Paris?"));
        LlmResponse later = whole("whole-call-25.json", secondTurn);

        assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(first.message().parts()).containsExactly(
                ToolCall.of("relay4j-gemini-0-0", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
        assertThat(first.toolCalls().get(0).argumentsJson()).isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(later.toolCalls()).extracting(ToolCall::id).containsExactly("relay4j-gemini-2-0");
        assertThat(first.content()).isEmpty();
    }

    @Test
    void parallelGemini25CallsKeepTheirOrderWholeAndOnePerChunkStreamed() {
        List<String> expectedIds = List.of("relay4j-gemini-0-0", "relay4j-gemini-0-1", "relay4j-gemini-0-2");

        LlmResponse response = whole("whole-parallel-calls-25.json", LlmRequest.of("q"));
        List<LlmChunk> chunks = stream("stream-parallel-calls-25.sse", LlmRequest.of("q"));

        assertThat(response.toolCalls()).extracting(ToolCall::id).containsExactlyElementsOf(expectedIds);
        assertThat(response.toolCalls()).extracting(c -> c.arguments().get("city"))
                .containsExactly("Paris", "London", null);
        assertThat(response.usage()).isEqualTo(
                Usage.builder().inputTokens(70).outputTokens(24 + 112).reasoningTokens(112).build());
        assertThat(chunks).hasSize(4);
        assertThat(calls(chunks)).containsExactlyElementsOf(response.toolCalls());
        assertThat(chunks.get(3).finishReason()).contains(FinishReason.TOOL_CALLS);
    }

    @Test
    void gemini3CallsKeepTheirIdsAndTheSignatureStaysOnTheFirstCall() {
        LlmResponse response = whole("whole-calls-3.json", LlmRequest.of("q"));

        assertThat(response.message().parts()).containsExactly(
                ReasoningPart.of("The user wants the weather in two cities."),
                ToolCall.of("fc-9k2hx1ab", "get_weather", "{\"city\":\"Paris\"}").withState(signature(SIG_CALL)),
                ToolCall.of("fc-3mzq0w7c", "get_weather", "{\"city\":\"Tokyo\"}"));
        assertThat(response.reasoning()).isEqualTo("The user wants the weather in two cities.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(response.usage()).isEqualTo(Usage.builder().inputTokens(88).outputTokens(30 + 140)
                .cachedInputTokens(64).reasoningTokens(140).build());
    }

    @Test
    void streamedThoughtsAreReasoningDeltasAndCallsArriveCompleteWithTheirSignature() {
        List<LlmChunk> chunks = stream("stream-calls-3.sse", LlmRequest.of("q"));

        assertThat(chunks).extracting(LlmChunk::reasoning)
                .containsExactly("The user wants the weather", " in two cities.", "", "", "");
        assertThat(chunks).extracting(LlmChunk::text).containsOnly("");
        assertThat(calls(chunks)).containsExactly(
                ToolCall.of("fc-9k2hx1ab", "get_weather", "{\"city\":\"Paris\"}").withState(signature(SIG_CALL)),
                ToolCall.of("fc-3mzq0w7c", "get_weather", "{\"city\":\"Tokyo\"}"));
        assertThat(chunks).allSatisfy(c -> assertThat(c.toolCallDelta()).isEmpty());
    }

    @Test
    void textThenACallKeepsBothInOrder() {
        LlmResponse response = whole("whole-text-then-call.json", LlmRequest.of("q"));
        List<LlmChunk> chunks = stream("stream-text-then-call.sse", LlmRequest.of("q"));

        assertThat(response.message().parts()).containsExactly(TextPart.of("Let me check the weather for you."),
                ToolCall.of("relay4j-gemini-0-0", "get_weather", "{\"city\":\"Oslo\",\"days\":3}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(chunks).extracting(LlmChunk::text).startsWith("Let me check", " the weather for you.");
        assertThat(calls(chunks)).containsExactlyElementsOf(response.toolCalls());
    }

    @Test
    void thoughtPartsAreReasoningAndASignatureOnAnEmptyPartIsKeptOnItsOwnPart() {
        LlmResponse response = whole("whole-thoughts.json", LlmRequest.of("q"));

        assertThat(response.message().parts()).containsExactly(
                ReasoningPart.of("**Counting letters**\n\nStrawberry has three r's."),
                TextPart.of("There are three r's in strawberry."),
                TextPart.of("").withState(signature(SIG_TEXT)));
        assertThat(response.content()).isEqualTo("There are three r's in strawberry.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage().reasoningTokens()).isEqualTo(310);
    }

    @Test
    void aSignedPartIsNeverMergedWithItsNeighbours() {
        String body = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"},{\"text\":\"b\","
                + "\"thoughtSignature\":\"s1\"},{\"text\":\"c\"},{\"text\":\"d\"}]},\"finishReason\":\"STOP\"}]}";

        LlmResponse response = protocol.decodeResponse(reply(200, body), LlmRequest.of("q"));

        assertThat(response.message().parts()).containsExactly(TextPart.of("a"),
                TextPart.of("b").withState(signature("s1")), TextPart.of("cd"));
    }

    @Test
    void argumentFragmentsAreTheWholeArgumentsAndOnlyWhenAsked() {
        LlmRequest withDeltas = LlmRequest.builder().user("q").toolCallDeltas(true).build();

        List<LlmChunk> chunks = stream("stream-parallel-calls-25.sse", withDeltas);

        assertThat(chunks.stream().map(LlmChunk::toolCallDelta).flatMap(Optional::stream).toList()).containsExactly(
                ToolCallDelta.of(0, "get_weather", "{\"city\":\"Paris\"}"),
                ToolCallDelta.of(1, "get_weather", "{\"city\":\"London\"}"),
                ToolCallDelta.of(2, "get_time", "{}"));
        assertThat(chunks.get(0).toolCallDelta()).isPresent();
        assertThat(chunks.get(1).toolCall()).isPresent();
        assertThat(stream("stream-parallel-calls-25.sse", LlmRequest.of("q")))
                .allSatisfy(c -> assertThat(c.toolCallDelta()).isEmpty());
    }

    @Test
    void aStreamedCallSplitAtEveryBytePositionGivesTheSameCalls() {
        byte[] body = wire("stream-calls-3.sse");
        List<ToolCall> expected = List.of(
                ToolCall.of("fc-9k2hx1ab", "get_weather", "{\"city\":\"Paris\"}").withState(signature(SIG_CALL)),
                ToolCall.of("fc-3mzq0w7c", "get_weather", "{\"city\":\"Tokyo\"}"));

        for (int split = 1; split < body.length; split++) {
            List<LlmChunk> chunks = stream(GeminiFixtures.events(body, split), LlmRequest.of("q"));
            int at = split;
            assertThat(calls(chunks)).as("split after byte %d", at).isEqualTo(expected);
            assertThat(chunks.get(chunks.size() - 1).message().orElseThrow().toolCalls()).as("split %d", at)
                    .isEqualTo(expected);
        }
    }

    /** MALFORMED_FUNCTION_CALL comes with HTTP 200 and empty content: it used to be an empty OTHER answer. */
    @Test
    void malformedFunctionCallIsInvalidOutputNeverAnEmptyAnswerRegressionTest() {
        assertThatThrownBy(() -> whole("whole-malformed-call.json", LlmRequest.of("q")))
                .isInstanceOfSatisfying(InvalidOutput.class, e -> {
                    assertThat(e.details().vendorCode()).contains("MALFORMED_FUNCTION_CALL");
                    assertThat(e.details().requestId()).contains("rsp-malformed");
                    assertThat(e.getMessage()).contains("MALFORMED_FUNCTION_CALL").doesNotContain("SECRET-ARG-VALUE");
                });
        assertThatThrownBy(() -> stream("stream-malformed-call.sse", LlmRequest.of("q")))
                .isInstanceOfSatisfying(InvalidOutput.class, e -> {
                    assertThat(e.details().vendorCode()).contains("MALFORMED_FUNCTION_CALL");
                    assertThat(e.getMessage()).doesNotContain("SECRET-ARG-VALUE");
                });
    }

    @Test
    void anUnexpectedToolCallIsInvalidOutputToo() {
        String body = "{\"candidates\":[{\"content\":{},\"finishReason\":\"UNEXPECTED_TOOL_CALL\"}]}";

        assertThatThrownBy(() -> protocol.decodeResponse(reply(200, body), LlmRequest.of("q")))
                .isInstanceOfSatisfying(InvalidOutput.class,
                        e -> assertThat(e.details().vendorCode()).contains("UNEXPECTED_TOOL_CALL"));
    }

    @Test
    void argumentsThatAreNotAnObjectAreInvalidOutput() {
        String body = "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":\"x\"}}]},"
                + "\"finishReason\":\"STOP\"}]}";

        assertThatThrownBy(() -> protocol.decodeResponse(reply(200, body), LlmRequest.of("q")))
                .isInstanceOf(InvalidOutput.class);
    }

    @Test
    void aCallWithoutArgumentsHasEmptyArguments() {
        String body = "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"now\"}}]},"
                + "\"finishReason\":\"STOP\"}]}";

        LlmResponse response = protocol.decodeResponse(reply(200, body), LlmRequest.of("q"));

        assertThat(response.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.argumentsJson()).isEqualTo("{}");
            assertThat(c.arguments()).isEqualTo(Map.of());
        });
    }

    @Test
    void theLastChunkCarriesTheWholeMessage() {
        List<LlmChunk> chunks = stream("stream-thoughts.sse", LlmRequest.of("q"));

        assertThat(chunks.get(chunks.size() - 1).message()).contains(Message.assistant(List.of(
                ReasoningPart.of("**Counting letters**\n\nStrawberry has three r's."),
                TextPart.of("There are three r's in strawberry."),
                TextPart.of("").withState(signature(SIG_TEXT)))));
    }
}
