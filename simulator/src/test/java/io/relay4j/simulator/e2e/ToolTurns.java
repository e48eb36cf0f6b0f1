package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import io.relay4j.simulator.ToolCallShape;
import io.relay4j.simulator.ToolFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two turns of a tool conversation as a caller writes them (ask with tools; append the answer's message and the
 * results of its calls; ask again), the tiny local tools that produce the results, and what each turn's answer must
 * look like for a {@link ToolCallShape}.
 */
final class ToolTurns {

    static final Tool WEATHER = Tool.of("get_weather", "The weather in a city", ToolFixtures.WEATHER_SCHEMA);
    static final Tool TIME = Tool.of("get_time", "The time in a zone", ToolFixtures.TIME_SCHEMA);
    /** Enough for Anthropic's thinking budget of 1024 (max tokens must exceed it). */
    static final int MAX_TOKENS = 2048;

    private ToolTurns() {
    }

    /** The first turn: a question declaring both tools, steering the simulator to {@code shape}. */
    static LlmRequest ask(ToolCallShape shape, Optional<io.relay4j.core.Reasoning> reasoning) {
        LlmRequest.Builder request = LlmRequest.builder()
                .system("Use the tools.")
                .user("What is the weather in Lisbon, and the time there? " + shape.marker())
                .tool(WEATHER).tool(TIME)
                .maxTokens(MAX_TOKENS);
        reasoning.ifPresent(request::reasoning);
        return request.build();
    }

    /** The second turn: {@code asked} with the answer's message and one result per call appended. */
    static LlmRequest answerCalls(LlmRequest asked, Message answer) {
        return asked.toBuilder().message(answer).message(Message.toolResults(run(answer.toolCalls()))).build();
    }

    /** Runs each call on the tiny local tools: its result names the tool and echoes one argument. */
    static List<ToolResult> run(List<ToolCall> calls) {
        List<ToolResult> results = new ArrayList<>();
        for (ToolCall call : calls) {
            String text = switch (call.name()) {
                case "get_weather" -> "{\"city\":\"" + call.arguments().get("city") + "\",\"sky\":\"clear\",\"c\":21}";
                case "get_time" -> "{\"zone\":\"" + call.arguments().get("zone") + "\",\"time\":\"12:00\"}";
                default -> throw new AssertionError("the model called an undeclared tool " + call.name());
            };
            results.add(ToolResult.of(call.id(), text));
        }
        return results;
    }

    /** How many calls the simulator makes for {@code shape} when both tools are declared and parallel calls allowed. */
    static int callsOf(ToolCallShape shape) {
        return shape == ToolCallShape.PARALLEL ? 2 : 1;
    }

    /** Asserts the first turn's answer: the shape's calls, valid against their tools' schemas, finish TOOL_CALLS. */
    static void assertToolAnswer(LlmResponse answer, ToolCallShape shape) {
        assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        List<ToolCall> calls = answer.toolCalls();
        assertThat(calls).hasSize(callsOf(shape));
        assertThat(calls).extracting(ToolCall::name).startsWith("get_weather");
        if (shape == ToolCallShape.PARALLEL) {
            assertThat(calls).extracting(ToolCall::name).containsExactly("get_weather", "get_time");
        }
        assertThat(calls).extracting(ToolCall::id).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
        for (ToolCall call : calls) {
            ToolFixtures.assertValidJson(call.name().equals("get_weather") ? ToolFixtures.WEATHER_SCHEMA
                    : ToolFixtures.TIME_SCHEMA, call.argumentsJson());
        }
        assertThat(answer.content()).isEqualTo(shape == ToolCallShape.TEXT_THEN_TOOL ? "Calling get_weather." : "");
        assertThat(answer.message().toolCalls()).isEqualTo(calls);
    }

    /** Asserts the second turn's answer: text counting {@code results} results, finish STOP, no calls. */
    static void assertFinalAnswer(LlmResponse answer, int results) {
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.toolCalls()).isEmpty();
        assertThat(answer.content()).startsWith("Received " + results + (results == 1 ? " tool result." : " tool results."));
    }

    /**
     * Asserts that a stream emitted each of its answer's calls exactly once, complete, in order, and that its last
     * chunk's message holds the same calls.
     */
    static void assertEachCallOnce(List<LlmChunk> chunks) {
        List<ToolCall> emitted = chunks.stream().flatMap(chunk -> chunk.toolCall().stream()).toList();
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.isLast()).isTrue();
        assertThat(last.message()).as("the last chunk carries the whole message").isPresent();
        assertThat(emitted).isEqualTo(last.message().get().toolCalls());
        assertThat(chunks.subList(0, chunks.size() - 1)).noneMatch(LlmChunk::isLast);
    }
}
