package io.relay4j.core;

import static io.relay4j.core.StreamTestKit.STEP;
import static io.relay4j.core.StreamTestKit.routerOf;
import static io.relay4j.core.StreamTestKit.streamToEnd;
import static io.relay4j.core.StreamTestKit.streamToError;
import static io.relay4j.core.StreamTestKit.textOf;
import static io.relay4j.core.testing.ScriptedProvider.chunks;
import static io.relay4j.core.testing.ScriptedProvider.chunksThenFail;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.core.validation.OutputValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The router carries the content model (issue 13): it skips providers that lack a capability the request needs,
 * never takes a tool-call answer for an empty one, commits a stream at its first tool call, holds reasoning until
 * the commit point, never resumes over emitted tool calls, and hands the whole answer's message on.
 */
@BothRoutingPaths
class LlmRouterContentModelTest extends RoutingPathScenario {

    private static final ImagePart IMAGE = ImagePart.of(new byte[] {1, 2, 3}, "image/png");
    private static final LlmRequest WITH_IMAGE = LlmRequest.builder()
            .message(Message.user(TextPart.of("what is in this picture?"), IMAGE)).build();
    private static final Tool SEARCH = Tool.of("search", "web search", "{\"type\":\"object\"}");
    private static final LlmRequest WITH_TOOLS = LlmRequest.builder().user("find it").tool(SEARCH).build();
    private static final ToolCall CALL = ToolCall.of("call_1", "search", "{\"q\":\"pods\"}");
    private static final StreamConfig RESUME = StreamConfig.custom().resume(true).build();

    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();
    private final List<LlmChunk> received = new ArrayList<>();

    private static ScriptedProvider withCapabilities(String name, Capability... capabilities) {
        return ScriptedProvider.named(name, ProviderInfo.builder().vendor("scripted").model("m")
                .capabilities(capabilities).build());
    }

    private static LlmChunk last(FinishReason reason, Message message) {
        return LlmChunk.builder().finishReason(reason).usage(Usage.of(10, 5)).model("m").message(message).build();
    }

    /** An answer that calls the search tool, streamed as a complete call and a last chunk with the message. */
    private static ScriptedProvider.Step callsSearch() {
        return chunks(STEP, LlmChunk.reasoning("I should search."), LlmChunk.toolCall(CALL),
                last(FinishReason.TOOL_CALLS, Message.assistant(List.of(ReasoningPart.of("I should search."), CALL))));
    }

    private static LlmResponse generate(LlmRouter router, LlmRequest request) {
        AtomicReference<LlmResponse> answer = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> router.generate(request)).thenAwait(Duration.ofHours(1))
                .consumeNextWith(answer::set).verifyComplete();
        return answer.get();
    }

    private static Throwable generateError(LlmRouter router, LlmRequest request) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> router.generate(request)).thenAwait(Duration.ofHours(1))
                .consumeErrorWith(error::set).verify();
        return error.get();
    }

    private static LlmChunk lastOf(List<LlmChunk> chunks) {
        return chunks.get(chunks.size() - 1);
    }

    // ---- capability skip ----

    @Test
    void anImageRequestSkipsAProviderWithoutImagesWithoutCallingIt() {
        ScriptedProvider textOnly = withCapabilities("text-only");
        ScriptedProvider vision = withCapabilities("vision", Capability.IMAGES);

        LlmResponse answer = generate(routerOf(StreamConfig.ofDefaults(), events, textOnly, vision).build(),
                WITH_IMAGE);

        assertThat(answer.provider()).isEqualTo("vision");
        assertThat(textOnly.calls()).isZero();
        assertThat(answer.attempts().get(0).skipReason()).contains(Attempt.SkipReason.MISSING_CAPABILITY);
        assertThat(answer.attempts().get(0).detail()).contains("lacks images");
        assertThat(answer.attempts()).hasSize(2);
    }

    @Test
    void anImageStreamSkipsAProviderWithoutImagesWithoutCallingIt() {
        ScriptedProvider textOnly = withCapabilities("text-only", Capability.TOOLS);
        ScriptedProvider vision = withCapabilities("vision", Capability.IMAGES);

        List<LlmChunk> chunks = streamToEnd(routerOf(StreamConfig.ofDefaults(), events, textOnly, vision).build(),
                WITH_IMAGE);

        assertThat(textOf(chunks)).isEqualTo("ok from vision");
        assertThat(textOnly.calls()).isZero();
        assertThat(lastOf(chunks).attempts()).extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.SKIPPED, Attempt.Outcome.SUCCESS);
        assertThat(lastOf(chunks).attempts().get(0).skipReason()).contains(Attempt.SkipReason.MISSING_CAPABILITY);
    }

    @Test
    void whenNoProviderCanServeTheErrorSaysWhatEachLacks() {
        ScriptedProvider none = withCapabilities("plain");
        ScriptedProvider tools = withCapabilities("tools", Capability.TOOLS);
        LlmRequest request = WITH_IMAGE.toBuilder().tool(SEARCH).build();

        Throwable error = generateError(routerOf(StreamConfig.ofDefaults(), events, none, tools).build(), request);

        assertThat(error).isInstanceOf(AllProvidersFailed.class)
                .hasMessageContaining("plain: skipped missing_capability (lacks tools, images)")
                .hasMessageContaining("tools: skipped missing_capability (lacks images)")
                .hasMessageNotContaining("picture");
        assertThat(none.calls() + tools.calls()).isZero();
        Throwable streamed = streamToError(routerOf(StreamConfig.ofDefaults(), events, none, tools).build(), request,
                received);
        assertThat(streamed).isInstanceOf(AllProvidersFailed.class).hasMessage(error.getMessage());
    }

    @Test
    void aProviderAddedAtRunTimeIsSkippedOrUsedByWhatItDeclares() {
        ScriptedProvider textOnly = withCapabilities("text-only");
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, textOnly).build();
        router.addProvider(withCapabilities("late-plain"));
        ScriptedProvider vision = withCapabilities("late-vision", Capability.IMAGES, Capability.TOOLS);
        router.addProvider(vision);

        LlmResponse answer = generate(router, WITH_IMAGE);

        assertThat(answer.provider()).isEqualTo("late-vision");
        assertThat(answer.attempts()).extracting(Attempt::provider, a -> a.skipReason().orElse(null))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("text-only", Attempt.SkipReason.MISSING_CAPABILITY),
                        org.assertj.core.groups.Tuple.tuple("late-plain", Attempt.SkipReason.MISSING_CAPABILITY),
                        org.assertj.core.groups.Tuple.tuple("late-vision", null));
        assertThat(textOf(streamToEnd(router, WITH_TOOLS))).isEqualTo("ok from late-vision");
        assertThat(textOnly.calls()).isZero();
    }

    @Test
    void aPlainRequestGoesToAProviderThatDeclaresNothing() {
        ScriptedProvider plain = withCapabilities("plain");

        assertThat(generate(routerOf(StreamConfig.ofDefaults(), events, plain).build(), LlmRequest.of("hi"))
                .provider()).isEqualTo("plain");
    }

    // ---- empty answers ----

    @Test
    void anAnswerThatOnlyCallsAToolIsAnAnswerWholeAndStreamed() {
        ScriptedProvider a = withCapabilities("a", Capability.TOOLS).otherwise(callsSearch());
        ScriptedProvider b = withCapabilities("b", Capability.TOOLS);
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, a, b).build();

        LlmResponse answer = generate(router, WITH_TOOLS);
        assertThat(answer.provider()).isEqualTo("a");
        assertThat(answer.toolCalls()).containsExactly(CALL);
        assertThat(answer.content()).isEmpty();
        assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);

        List<LlmChunk> chunks = streamToEnd(router, WITH_TOOLS);
        assertThat(chunks).extracting(c -> c.toolCall().orElse(null)).contains(CALL);
        assertThat(lastOf(chunks).provider()).contains("a");
        assertThat(b.calls()).isZero();
    }

    @Test
    void aToolCallsFinishWithNoCallAndNoTextIsEmptyAndFallsOver() {
        ScriptedProvider a = withCapabilities("a", Capability.TOOLS)
                .otherwise(chunks(STEP, LlmChunk.reasoning("hmm"), LlmChunk.builder().finishReason(FinishReason.TOOL_CALLS)
                        .usage(Usage.of(10, 3)).model("m").build()));
        ScriptedProvider b = withCapabilities("b", Capability.TOOLS);
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, a, b).build();

        LlmResponse answer = generate(router, WITH_TOOLS);
        assertThat(answer.provider()).isEqualTo("b");
        assertThat(answer.attempts().get(0).errorType()).contains(ErrorType.EMPTY_ANSWER);

        // a fresh router: a cools down after its empty answer
        List<LlmChunk> chunks = streamToEnd(routerOf(StreamConfig.ofDefaults(), events, a, b).build(), WITH_TOOLS);
        assertThat(textOf(chunks)).isEqualTo("ok from b");
        // a's reasoning was held before the commit point and dropped with its empty answer
        assertThat(chunks).allSatisfy(c -> assertThat(c.reasoning()).isEmpty());
        assertThat(lastOf(chunks).attempts().get(0).errorType()).contains(ErrorType.EMPTY_ANSWER);
    }

    // ---- the commit point ----

    @Test
    void reasoningBeforeAFailureIsDroppedSoTheConsumerNeverSeesTwoProvidersThinking() {
        // fails the same way when retried in place
        ScriptedProvider a = ScriptedProvider.named("a").otherwise(chunksThenFail(STEP, Errors.serverError(),
                LlmChunk.reasoning("a thinks"), LlmChunk.reasoning(" more")));
        ScriptedProvider b = ScriptedProvider.named("b").then(chunks(STEP, LlmChunk.reasoning("b thinks"),
                LlmChunk.text("answer"), LlmChunk.last("", FinishReason.STOP, Usage.of(1, 1), "m")));

        List<LlmChunk> chunks = streamToEnd(routerOf(StreamConfig.ofDefaults(), events, a, b).build());

        assertThat(chunks).extracting(LlmChunk::reasoning).containsExactly("b thinks", "", "");
        assertThat(textOf(chunks)).isEqualTo("answer");
    }

    @Test
    void reasoningIsHeldUntilTheFirstTextAndReleasedInOrder() {
        ScriptedProvider a = ScriptedProvider.named("a").then(chunks(STEP, LlmChunk.reasoning("one"),
                LlmChunk.reasoning("two"), LlmChunk.text("answer"), LlmChunk.last("", FinishReason.STOP,
                        Usage.of(1, 1), "m")));
        AtomicReference<List<Duration>> at = new AtomicReference<>(new ArrayList<>());
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, a).build();

        StepVerifier.withVirtualTime(() -> router.stream(StreamTestKit.REQUEST))
                .thenAwait(STEP.multipliedBy(2))
                .expectNoEvent(STEP.dividedBy(2))
                .thenAwait(STEP)
                .assertNext(c -> assertThat(c.reasoning()).isEqualTo("one"))
                .assertNext(c -> assertThat(c.reasoning()).isEqualTo("two"))
                .assertNext(c -> assertThat(c.text()).isEqualTo("answer"))
                .thenAwait(STEP)
                .assertNext(c -> assertThat(c.isLast()).isTrue())
                .verifyComplete();
    }

    @Test
    void reasoningKeepsTheFirstTokenDeadlineFromFiring() {
        LlmChunk[] thinking = new LlmChunk[12];
        for (int i = 0; i < 10; i++) {
            thinking[i] = LlmChunk.reasoning("step " + i + ". ");
        }
        thinking[10] = LlmChunk.text("done");
        thinking[11] = LlmChunk.last("", FinishReason.STOP, Usage.of(1, 1), "m");
        ScriptedProvider a = ScriptedProvider.named("a").then(chunks(Duration.ofSeconds(1), thinking));
        ScriptedProvider b = ScriptedProvider.named("b");
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, a, b)
                .timeouts(TimeoutConfig.custom().firstToken(Duration.ofMillis(1500)).idle(Duration.ofMillis(1500))
                        .build()).build();

        List<LlmChunk> chunks = streamToEnd(router);

        assertThat(textOf(chunks)).isEqualTo("done");
        assertThat(lastOf(chunks).provider()).contains("a");
        assertThat(b.calls()).isZero();
    }

    @Test
    void aCompleteToolCallCommitsSoAFailureAfterItIsVisible() {
        ScriptedProvider a = withCapabilities("a", Capability.TOOLS).then(chunksThenFail(STEP, Errors.serverError(),
                LlmChunk.toolCall(CALL)));
        ScriptedProvider b = withCapabilities("b", Capability.TOOLS);

        Throwable error = streamToError(routerOf(StreamConfig.ofDefaults(), events, a, b).build(), WITH_TOOLS,
                received);

        assertThat(received).extracting(c -> c.toolCall().orElse(null)).containsExactly(CALL);
        assertThat(error).isInstanceOf(StreamInterrupted.class);
        assertThat(b.calls()).isZero();
    }

    @Test
    void aStreamThatBrokeAfterAToolCallIsNotResumedIntoADuplicateCall() {
        ScriptedProvider a = withCapabilities("a", Capability.TOOLS).then(chunksThenFail(STEP, Errors.serverError(),
                LlmChunk.text("Searching."), LlmChunk.toolCall(CALL)));
        ScriptedProvider b = withCapabilities("b", Capability.TOOLS);

        Throwable error = streamToError(routerOf(RESUME, events, a, b).build(), WITH_TOOLS, received);

        assertThat(error).isInstanceOf(StreamInterrupted.class)
                .hasMessageContaining("tool calls were already emitted")
                .hasMessageNotContaining("pods");
        assertThat(((StreamInterrupted) error).partialText()).isEqualTo("Searching.");
        assertThat(received).filteredOn(c -> c.toolCall().isPresent()).hasSize(1);
        assertThat(b.calls()).isZero();
    }

    @Test
    void argumentFragmentsCommitLikeTextAndAreNotResumedOver() {
        LlmRequest deltas = WITH_TOOLS.toBuilder().toolCallDeltas(true).build();
        ScriptedProvider a = withCapabilities("a", Capability.TOOLS).then(chunksThenFail(STEP, Errors.serverError(),
                LlmChunk.builder().toolCallDelta(ToolCallDelta.of(0, "search", "{\"q\":")).build()));
        ScriptedProvider b = withCapabilities("b", Capability.TOOLS);

        Throwable error = streamToError(routerOf(RESUME, events, a, b).build(), deltas, received);

        assertThat(received).hasSize(1);
        assertThat(error).isInstanceOf(StreamInterrupted.class).hasMessageContaining("tool calls were already emitted");
        assertThat(b.calls()).isZero();
    }

    // ---- the whole answer ----

    @Test
    void theRoutersLastChunkCarriesTheProvidersMessageAsGenerateReturnsIt() {
        Message message = Message.assistant(List.of(ReasoningPart.of("think").withState(ProviderState.of("a",
                "scripted", "sig")), TextPart.of("Let me search."), CALL));
        ScriptedProvider a = withCapabilities("a", Capability.TOOLS).otherwise(chunks(STEP, LlmChunk.reasoning("think"),
                LlmChunk.text("Let me search."), LlmChunk.toolCall(CALL), last(FinishReason.TOOL_CALLS, message)));
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, a).build();

        List<LlmChunk> chunks = streamToEnd(router, WITH_TOOLS);
        LlmResponse answer = generate(router, WITH_TOOLS);

        assertThat(lastOf(chunks).message()).contains(message);
        assertThat(lastOf(chunks).provider()).contains("a");
        assertThat(lastOf(chunks).attempts()).hasSize(1);
        assertThat(answer.message()).isEqualTo(message);
    }

    @Test
    void aResumedStreamsMessageHoldsTheWholeTextTheConsumerSaw() {
        ScriptedProvider a = ScriptedProvider.named("a").then(chunksThenFail(STEP, Errors.serverError(),
                LlmChunk.text("Pod affinity"), LlmChunk.text(" lets")));
        // b starts over (a repeat the router trims) and its message holds its own whole text
        ScriptedProvider b = ScriptedProvider.named("b").then(chunks(STEP, LlmChunk.reasoning("continue"),
                LlmChunk.text("Pod affinity lets"), LlmChunk.text(" you co-locate pods."),
                last(FinishReason.STOP, Message.assistant(List.of(ReasoningPart.of("continue"),
                        TextPart.of("Pod affinity lets you co-locate pods."))))));

        List<LlmChunk> chunks = streamToEnd(routerOf(RESUME, events, a, b).build());

        assertThat(textOf(chunks)).isEqualTo("Pod affinity lets you co-locate pods.");
        Message message = lastOf(chunks).message().orElseThrow();
        assertThat(message.content()).isEqualTo(textOf(chunks));
        assertThat(message.reasoning()).isEqualTo("continue");
        assertThat(lastOf(chunks).provider()).contains("b");
    }

    @Test
    void aResumedStreamWhoseContinuationAddsOnlyNewTextKeepsThePartialAnswerInItsMessage() {
        ScriptedProvider a = ScriptedProvider.named("a").then(chunksThenFail(STEP, Errors.serverError(),
                LlmChunk.text("Pod affinity"), LlmChunk.text(" lets")));
        ScriptedProvider b = StreamTestKit.withPrefill("b").then(chunks(STEP, LlmChunk.text(" you co-locate pods."),
                last(FinishReason.STOP, Message.assistant(" you co-locate pods."))));

        List<LlmChunk> chunks = streamToEnd(routerOf(RESUME, events, a, b).build());

        assertThat(lastOf(chunks).message().orElseThrow().content()).isEqualTo("Pod affinity lets you co-locate pods.");
        assertThat(lastOf(chunks).message().orElseThrow().content()).isEqualTo(textOf(chunks));
    }

    // ---- output validation ----

    @Test
    void aValidatorNeverFailsAnAnswerThatCallsTools() {
        OutputValidator json = OutputValidator.of(text -> text.startsWith("{"), "the answer is not a JSON object");
        ScriptedProvider a = withCapabilities("a", Capability.TOOLS).otherwise(chunks(STEP, LlmChunk.text("Searching."),
                LlmChunk.toolCall(CALL), last(FinishReason.TOOL_CALLS,
                        Message.assistant(List.of(TextPart.of("Searching."), CALL)))));
        ScriptedProvider b = withCapabilities("b", Capability.TOOLS);
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, a, b).outputValidator(json).build();

        LlmResponse answer = generate(router, WITH_TOOLS);

        assertThat(answer.provider()).isEqualTo("a");
        assertThat(answer.toolCalls()).containsExactly(CALL);
        assertThat(b.calls()).isZero();
        // a text answer is still checked
        a.then(ScriptedProvider.answer("plain text"));
        b.otherwise(ScriptedProvider.answer("{}"));
        assertThat(generate(router, WITH_TOOLS).provider()).isEqualTo("b");
        assertThat(Optional.of(b.calls())).contains(1);
    }
}
