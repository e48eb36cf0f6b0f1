package io.relay4j.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.Capability;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.Usage;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Folding the router's stream ({@link LlmChunks#toResponse}) gives the router's {@code generate} for the same
 * answer: the message with its text, reasoning, tool calls and vendor state, the finish reason, usage, provider,
 * model, attempts and cost (issue 13).
 */
class RouterStreamFoldTest {

    private static final Duration STEP = Duration.ofMillis(50);
    private static final LlmRequest REQUEST = LlmRequest.builder().user("find pods")
            .tool(Tool.withoutParameters("search", "web search")).build();
    private static final ToolCall FIRST = ToolCall.of("call_1", "search", "{\"q\":\"pods\"}");
    private static final ToolCall SECOND = ToolCall.of("call_2", "search", "");

    private static ScriptedProvider provider(String name) {
        return ScriptedProvider.named(name, ProviderInfo.builder().vendor("scripted").model("m")
                .capabilities(Capability.TOOLS, Capability.REASONING).build());
    }

    private static LlmResponse await(Supplier<Mono<LlmResponse>> answer) {
        AtomicReference<LlmResponse> out = new AtomicReference<>();
        StepVerifier.withVirtualTime(answer).thenAwait(Duration.ofMinutes(1)).consumeNextWith(out::set)
                .verifyComplete();
        return out.get();
    }

    private static void assertFoldEqualsGenerate(ScriptedProvider.Step answer) {
        ScriptedProvider provider = provider("p").otherwise(answer);
        LlmRouter router = LlmRouter.builder().provider(provider).logging(false).build();

        LlmResponse generated = await(() -> router.generate(REQUEST));
        LlmResponse folded = await(() -> LlmChunks.toResponse(router.stream(REQUEST), "router"));

        assertThat(folded.message()).isEqualTo(generated.message());
        assertThat(folded.toolCalls()).isEqualTo(generated.toolCalls());
        assertThat(folded.reasoning()).isEqualTo(generated.reasoning());
        assertThat(folded.finishReason()).isEqualTo(generated.finishReason());
        assertThat(folded.usage()).isEqualTo(generated.usage());
        assertThat(folded.provider()).isEqualTo(generated.provider()).isEqualTo("p");
        assertThat(folded.model()).isEqualTo(generated.model());
        assertThat(folded.cost()).isEqualTo(generated.cost());
        assertThat(folded.attempts()).extracting(Attempt::provider, Attempt::outcome)
                .isEqualTo(generated.attempts().stream().map(a -> org.assertj.core.groups.Tuple.tuple(a.provider(),
                        a.outcome())).toList());
    }

    @Test
    void aToolCallingAnswerWithReasoningAndVendorStateFoldsToGenerate() {
        Message message = Message.assistant(List.of(
                ReasoningPart.of("I will search twice.").withState(ProviderState.of("p", "scripted", "sig")),
                TextPart.of("Searching."), FIRST, SECOND.withState(ProviderState.of("p", "scripted", "ts"))));
        Usage usage = Usage.builder().inputTokens(20).outputTokens(40).reasoningTokens(25).build();

        assertFoldEqualsGenerate(ScriptedProvider.chunks(STEP, LlmChunk.reasoning("I will "),
                LlmChunk.reasoning("search twice."), LlmChunk.text("Searching."), LlmChunk.toolCall(FIRST),
                LlmChunk.toolCall(SECOND), LlmChunk.builder().finishReason(FinishReason.TOOL_CALLS).usage(usage)
                        .model("m-2026").message(message).build()));
    }

    @Test
    void aToolCallOnlyAnswerFoldsToGenerate() {
        assertFoldEqualsGenerate(ScriptedProvider.chunks(STEP, LlmChunk.toolCall(FIRST),
                LlmChunk.builder().finishReason(FinishReason.TOOL_CALLS).usage(Usage.of(5, 5)).model("m")
                        .message(Message.assistant(List.of(FIRST))).build()));
    }

    @Test
    void aReasonedTextAnswerFoldsToGenerate() {
        assertFoldEqualsGenerate(ScriptedProvider.chunks(STEP, LlmChunk.reasoning("hmm"), LlmChunk.text("Pods "),
                LlmChunk.text("attract."), LlmChunk.builder().finishReason(FinishReason.STOP).usage(Usage.of(5, 5))
                        .model("m").message(Message.assistant(List.of(ReasoningPart.of("hmm"),
                                TextPart.of("Pods attract.")))).build()));
    }

    @Test
    void aPlainTextAnswerWithoutAMessageFoldsToGenerate() {
        assertFoldEqualsGenerate(ScriptedProvider.streamOf(STEP, "Pods ", "attract."));
    }
}
