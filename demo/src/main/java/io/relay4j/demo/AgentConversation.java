package io.relay4j.demo;

import io.relay4j.core.Attempt;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import io.relay4j.core.error.AllProvidersFailed;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * One tool-using agent conversation through the router, as an application writes it: ask with a tool, run the tool
 * locally for each call the answer makes, send the results back with the answer's message, get the final answer
 * (streamed when asked). Each step is routed on its own, so a step may land on another provider than the one before
 * (when the primary is banned between the two): the conversation carries the call ids and the opaque state of the
 * provider that made the calls, and each provider re-encodes it for its vendor.
 */
final class AgentConversation {

    static final Tool WEATHER = Tool.of("get_weather", "The current weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    private final LlmRouter router;

    AgentConversation(LlmRouter router) {
        this.router = router;
    }

    /** Runs one conversation about {@code city}; never fails: a failure is an {@link Outcome} with its error. */
    Mono<Outcome> run(String city, boolean streamFinalAnswer) {
        LlmRequest ask = LlmRequest.builder()
                .system("Use the weather tool, then answer in one sentence.")
                .user("Should I take an umbrella in " + city + " today?")
                .tool(WEATHER)
                .maxTokens(64)
                .metadata("demo", "agent")
                .build();
        return router.generate(ask).flatMap(step -> {
            if (step.finishReason() != FinishReason.TOOL_CALLS || step.toolCalls().isEmpty()) {
                return Mono.just(Outcome.failed(new IllegalStateException("the agent's first step made no tool call"),
                        step.attempts()));
            }
            List<ToolResult> results = runTools(step.toolCalls());
            LlmRequest answer = ask.toBuilder().message(step.message()).message(Message.toolResults(results)).build();
            Mono<Answer> last = streamFinalAnswer ? streamed(answer) : router.generate(answer).map(Answer::of);
            // the caller answers with the ids it was given, whichever vendor takes the next turn
            boolean idsKept = results.stream().map(ToolResult::callId).toList()
                    .equals(step.toolCalls().stream().map(ToolCall::id).toList());
            return last.map(done -> Outcome.of(step, done, idsKept))
                    .onErrorResume(e -> Mono.just(Outcome.failed(e, step.attempts())));
        }).onErrorResume(e -> Mono.just(Outcome.failed(e, List.of())));
    }

    /** The tiny local tool: the weather the caller asked for, as JSON. */
    static List<ToolResult> runTools(List<ToolCall> calls) {
        List<ToolResult> results = new ArrayList<>();
        for (ToolCall call : calls) {
            if (call.name().equals(WEATHER.name())) {
                Object city = call.arguments().getOrDefault("city", "unknown");
                results.add(ToolResult.of(call.id(), "{\"city\":\"" + String.valueOf(city).replace("\"", "")
                        + "\",\"sky\":\"light rain\",\"celsius\":14}"));
            } else {
                results.add(ToolResult.error(call.id(), "no tool named " + call.name()));
            }
        }
        return results;
    }

    private Mono<Answer> streamed(LlmRequest request) {
        return router.stream(request).filter(LlmChunk::isLast).next()
                .map(last -> new Answer(last.provider().orElse("?"), last.message().map(Message::content).orElse(""),
                        last.message().map(m -> m.toolCalls().isEmpty()).orElse(true), last.attempts(), last.cost()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("stream completed without a last chunk")));
    }

    /** The final step's answer, whole or streamed. */
    private record Answer(String provider, String text, boolean complete, List<Attempt> attempts,
                          Optional<BigDecimal> cost) {
        static Answer of(LlmResponse response) {
            return new Answer(response.provider(), response.content(), response.toolCalls().isEmpty(),
                    response.attempts(), response.cost());
        }
    }

    /**
     * How a conversation ended.
     *
     * @param servedBy     the provider of the final answer, empty when the conversation failed
     * @param firstStepBy  the provider that made the tool calls, empty when the first step failed
     * @param attempts     the attempts of both steps
     * @param cost         the summed cost of both steps, when known
     * @param error        why the conversation failed
     * @param callIds      the ids of the first step's tool calls, as the caller got them
     * @param idsKept      whether the final step answered the calls by exactly those ids
     */
    record Outcome(Optional<String> servedBy, Optional<String> firstStepBy, List<Attempt> attempts,
                   Optional<BigDecimal> cost, Optional<Throwable> error, List<String> callIds, boolean idsKept) {

        static Outcome of(LlmResponse step, Answer done, boolean idsKept) {
            if (!done.complete() || done.text().isBlank()) {
                return failed(new IllegalStateException("the agent's final step gave no final answer"),
                        concat(step.attempts(), done.attempts()));
            }
            Optional<BigDecimal> cost = step.cost().isPresent() && done.cost().isPresent()
                    ? Optional.of(step.cost().get().add(done.cost().get())) : Optional.empty();
            return new Outcome(Optional.of(done.provider()), Optional.of(step.provider()),
                    concat(step.attempts(), done.attempts()), cost, Optional.empty(),
                    step.toolCalls().stream().map(ToolCall::id).toList(), idsKept);
        }

        static Outcome failed(Throwable error, List<Attempt> earlier) {
            List<Attempt> attempts = error instanceof AllProvidersFailed all ? concat(earlier, all.attempts()) : earlier;
            return new Outcome(Optional.empty(), Optional.empty(), attempts, Optional.empty(), Optional.of(error),
                    List.of(), false);
        }

        /** Whether the final step was answered by another provider than the one that made the calls. */
        boolean switchedProvider() {
            return servedBy.isPresent() && firstStepBy.isPresent() && !servedBy.equals(firstStepBy);
        }

        /**
         * The story of conversation {@code number} when it moved to another vendor for its second turn: "conversation
         * #N moved anthropic -> openai at turn 2, ids kept (toolu_...)"; empty when it stayed or failed.
         */
        Optional<String> move(long number) {
            if (!switchedProvider()) {
                return Optional.empty();
            }
            return Optional.of("conversation #" + number + " moved " + firstStepBy.get() + " -> " + servedBy.get()
                    + " at turn 2, " + (idsKept ? "ids kept" : "ids CHANGED") + " (" + String.join(", ", callIds) + ")");
        }

        private static List<Attempt> concat(List<Attempt> a, List<Attempt> b) {
            List<Attempt> all = new ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        }
    }
}
