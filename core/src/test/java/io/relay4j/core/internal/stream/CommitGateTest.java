package io.relay4j.core.internal.stream;

import static io.relay4j.core.testing.ScriptedProvider.failAfter;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static io.relay4j.core.testing.ScriptedProvider.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolCallDelta;
import io.relay4j.core.Usage;
import io.relay4j.core.error.EmptyAnswer;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class CommitGateTest {

    private static final Duration STEP = Duration.ofMillis(100);
    private static final LlmRequest REQUEST = LlmRequest.of("hi");

    private static Flux<String> texts(CommitGate gate, ScriptedProvider.Step step) {
        ScriptedProvider provider = ScriptedProvider.named("p").then(step);
        return gate.apply(provider.stream(REQUEST), "p").map(LlmChunk::text);
    }

    @Test
    void byDefaultTheFirstTokenPassesAtOnce() {
        CommitGate gate = CommitGate.of(StreamConfig.ofDefaults());

        StepVerifier.withVirtualTime(() -> texts(gate, streamOf(STEP, "Hel", "lo")))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(99))
                .then(() -> assertThat(gate.committed()).isFalse())
                .thenAwait(Duration.ofMillis(1))
                .expectNext("Hel")
                .then(() -> assertThat(gate.committed()).isTrue())
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("lo", "")
                .verifyComplete();
        assertThat(gate.emittedText()).isEqualTo("Hello");
    }

    @Test
    void failureBeforeTheFirstTokenIsInvisible() {
        CommitGate gate = CommitGate.of(StreamConfig.ofDefaults());

        StepVerifier.withVirtualTime(() -> texts(gate, failAfter(STEP, Errors.overloaded())))
                .expectSubscription()
                .thenAwait(STEP)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(io.relay4j.core.error.Overloaded.class))
                .verify();
        assertThat(gate.committed()).isFalse();
        assertThat(gate.emittedText()).isEmpty();
    }

    @Test
    void heldBackCharactersAreFlushedTogetherOnceEnoughArrived() {
        CommitGate gate = CommitGate.of(5, Duration.ZERO);

        StepVerifier.withVirtualTime(() -> texts(gate, streamOf(STEP, "He", "llo", " world", "!")))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(199))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("He", "llo")
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(" world")
                .thenAwait(STEP)
                .expectNext("!", "")
                .verifyComplete();
    }

    @Test
    void failureWithinTheHeldBackCharactersStaysInvisible() {
        CommitGate gate = CommitGate.of(20, Duration.ZERO);

        StepVerifier.withVirtualTime(() -> texts(gate, streamThenFail(STEP, Errors.serverError(), "He", "llo")))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(200))
                .expectError(ServerError.class)
                .verify();
        assertThat(gate.committed()).isFalse();
        assertThat(gate.emittedText()).isEmpty();
    }

    @Test
    void heldBackTimeRunsFromTheFirstTokenThenFlushes() {
        CommitGate gate = CommitGate.of(0, Duration.ofMillis(250));

        // first token at 100 ms, commit point at 350 ms
        StepVerifier.withVirtualTime(() -> texts(gate, streamOf(STEP, "a", "b", "c", "d", "e")))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(349))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("a", "b", "c")
                .expectNoEvent(Duration.ofMillis(49))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("d")
                .thenAwait(STEP)
                .expectNext("e", "")
                .verifyComplete();
    }

    @Test
    void withCharactersAndTimeBothMustBeReached() {
        CommitGate gate = CommitGate.of(2, Duration.ofMillis(50));

        // time is over at 150 ms, the second character arrives at 200 ms
        StepVerifier.withVirtualTime(() -> texts(gate, streamOf(STEP, "a", "b", "c")))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(199))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("a", "b")
                .thenAwait(STEP)
                .expectNext("c", "")
                .verifyComplete();
    }

    @Test
    void streamEndingBeforeTheHoldBackCommitsAtItsEnd() {
        CommitGate gate = CommitGate.of(100, Duration.ofSeconds(5));

        StepVerifier.withVirtualTime(() -> texts(gate, streamOf(STEP, "Hi", " there")))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(199))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("Hi", " there", "")
                .verifyComplete();
        assertThat(gate.committed()).isTrue();
        assertThat(gate.emittedText()).isEqualTo("Hi there");
    }

    @Test
    void failureAfterTheCommitPointKeepsThePartialText() {
        CommitGate gate = CommitGate.of(StreamConfig.ofDefaults());

        StepVerifier.withVirtualTime(() -> texts(gate, streamThenFail(STEP, Errors.serverError(), "Hel", "lo")))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(200))
                .expectNext("Hel", "lo")
                .expectError(ServerError.class)
                .verify();
        assertThat(gate.committed()).isTrue();
        assertThat(gate.emittedText()).isEqualTo("Hello");
    }

    @Test
    void failureRightAfterTheFlushReachesTheConsumerAfterTheFlushedText() {
        CommitGate gate = CommitGate.of(3, Duration.ZERO);
        Flux<LlmChunk> source = Flux.concat(Flux.just(LlmChunk.text("ab"), LlmChunk.text("cd")),
                Flux.error(Errors.serverError().apply("p")));

        StepVerifier.create(gate.apply(source, "p").map(LlmChunk::text), 0)
                .thenRequest(1)
                .expectNext("ab")
                .then(() -> assertThat(gate.emittedText()).isEqualTo("ab"))
                .thenRequest(1)
                .expectNext("cd")
                .expectError(ServerError.class)
                .verify();
        assertThat(gate.emittedText()).isEqualTo("abcd");
    }

    @Test
    void slowConsumerMakesTheGateAskTheProviderForNoMoreThanItTakes() {
        CommitGate gate = CommitGate.of(3, Duration.ZERO);
        AtomicLong askedOfProvider = new AtomicLong();
        Flux<LlmChunk> endless = Flux.range(1, 100_000).map(i -> LlmChunk.text("x"))
                .doOnRequest(n -> askedOfProvider.getAndUpdate(a -> a + n < 0 ? Long.MAX_VALUE : a + n));

        StepVerifier.create(gate.apply(endless, "p"), 0)
                .thenRequest(1)
                .expectNextCount(1)
                .then(() -> assertThat(askedOfProvider.get()).as("the three held-back chunks").isEqualTo(3))
                .thenRequest(1)
                .thenRequest(1)
                .expectNextCount(2)
                .then(() -> assertThat(askedOfProvider.get()).isEqualTo(3))
                .thenRequest(2)
                .expectNextCount(2)
                .then(() -> assertThat(askedOfProvider.get()).isEqualTo(5))
                .thenCancel()
                .verify();
    }

    /**
     * Found by the Reactive Streams TCK (rule 3.17, demand up to {@code Long.MAX_VALUE}): after the commit point the
     * gate passed a consumer's unbounded demand to the provider whole, from inside its drain loop, so a provider that
     * emits on request (a parsed network buffer, a replayed stream) was queued entirely before the consumer saw a
     * chunk, and a consumer cancelling after a few chunks could not stop it: the TCK's stream of 2^31 chunks ran the
     * heap out.
     */
    @Test
    void unboundedDemandIsNotPassedWholeToAProviderThatEmitsOnRequest() {
        CommitGate gate = CommitGate.of(3, Duration.ZERO);
        AtomicLong producedByProvider = new AtomicLong();
        Flux<LlmChunk> emitsOnRequest = Flux.range(1, 100_000).map(i -> LlmChunk.text("x"))
                .doOnNext(chunk -> producedByProvider.incrementAndGet());

        StepVerifier.create(gate.apply(emitsOnRequest, "p").take(10, false))
                .expectNextCount(10)
                .verifyComplete();
        assertThat(producedByProvider.get()).as("chunks the provider produced for a consumer that took 10")
                .isLessThanOrEqualTo(10 + CommitGateSubscriber.MAX_IN_FLIGHT);
    }

    @Test
    void holdingBackForTimeReadsAheadOnlyUpToItsLimitThenPausesTheProvider() {
        CommitGate gate = CommitGate.of(0, Duration.ofSeconds(1));
        AtomicLong askedOfProvider = new AtomicLong();
        String hundredChars = "y".repeat(100);
        Flux<LlmChunk> fast = Flux.range(1, 100_000).map(i -> LlmChunk.text(hundredChars))
                .doOnRequest(n -> askedOfProvider.getAndUpdate(a -> a + n < 0 ? Long.MAX_VALUE : a + n));
        long limitInChunks = StreamConfig.TIME_HOLD_BACK_BUFFER_CHARS / 100 + 1;

        StepVerifier.withVirtualTime(() -> gate.apply(fast, "p"), 1)
                .expectSubscription()
                .then(() -> assertThat(askedOfProvider.get()).isEqualTo(limitInChunks))
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNextCount(1)
                .thenCancel()
                .verify();
    }

    @Test
    void cancellingWhileHoldingBackCancelsTheProvider() {
        ScriptedProvider provider = ScriptedProvider.named("p").then(streamOf(STEP, "a", "b", "c"));
        CommitGate gate = CommitGate.of(100, Duration.ZERO);

        StepVerifier.withVirtualTime(() -> gate.apply(provider.stream(REQUEST), "p"))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(150))
                .thenCancel()
                .verify();
        assertThat(provider.cancellations()).isEqualTo(1);
        assertThat(gate.emittedText()).isEmpty();
    }

    @Test
    void aRefusalsLastChunkWithoutTextIsPassedOnAtOnce() {
        CommitGate gate = CommitGate.of(10, Duration.ofSeconds(1));
        LlmChunk last = LlmChunk.last("", FinishReason.CONTENT_FILTER, Usage.of(3, 0), "m");

        StepVerifier.create(gate.apply(Flux.just(last), "p"))
                .expectNext(last)
                .verifyComplete();
        assertThat(gate.committed()).isTrue();
    }

    /** Issue 12 item 11: a stream that finishes without a word was passed on as a (silent, empty) answer. */
    @Test
    void aLastChunkWithoutTextFailsAsAnEmptyAnswerBeforeTheCommitPoint() {
        CommitGate gate = CommitGate.of(StreamConfig.ofDefaults());
        LlmChunk last = LlmChunk.last("", FinishReason.STOP, Usage.of(12, 0), "m");

        StepVerifier.create(gate.apply(Flux.just(LlmChunk.text(""), last), "p"))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(EmptyAnswer.class);
                    EmptyAnswer empty = (EmptyAnswer) e;
                    assertThat(empty.provider()).isEqualTo("p");
                    assertThat(empty.finishReason()).isEqualTo(FinishReason.STOP);
                    assertThat(empty.usage()).isEqualTo(Usage.of(12, 0));
                })
                .verify();
        assertThat(gate.committed()).isFalse();
    }

    /** A model that spent its whole output budget without a word gave no answer either (the choice made for LENGTH). */
    @Test
    void aLengthFinishWithoutTextIsEmptyToo() {
        CommitGate gate = CommitGate.of(StreamConfig.ofDefaults());

        StepVerifier.create(gate.apply(Flux.just(LlmChunk.last("", FinishReason.LENGTH, Usage.of(3, 50), "m")), "p"))
                .expectError(EmptyAnswer.class)
                .verify();
        assertThat(gate.committed()).isFalse();
    }

    /** Issue 12 item 8: the gate kept every emitted character for the stream's life. */
    @Test
    void emittedTextIsKeptOnlyUpToTheCapButCountedInFull() {
        CommitGate gate = CommitGate.of(StreamConfig.custom().maxPartialChars(5).build());

        StepVerifier.create(gate.apply(Flux.just(LlmChunk.text("abc"), LlmChunk.text("defg"), LlmChunk.text("hij"),
                        LlmChunk.last("", FinishReason.STOP, Usage.of(1, 3), "m")), "p").map(LlmChunk::text))
                .expectNext("abc", "defg", "hij", "")
                .verifyComplete();
        assertThat(gate.emittedText()).isEqualTo("abcde");
        assertThat(gate.emitted().length()).isEqualTo(10);
        assertThat(gate.emitted().whole()).isFalse();
    }

    @Test
    void theConsumersContextReachesTheProvidersStream() {
        CommitGate gate = CommitGate.of(StreamConfig.ofDefaults());
        Flux<LlmChunk> readsContext = Flux.deferContextual(context -> Flux.just(LlmChunk.text(context.get("trace"))));

        StepVerifier.create(gate.apply(readsContext, "p").map(LlmChunk::text)
                        .contextWrite(context -> context.put("trace", "t-1")))
                .expectNext("t-1")
                .verifyComplete();
    }

    /** Issue 13: a TOOL_CALLS finish passed as an answer whatever it held; an answer with calls is never empty. */
    @Test
    void aToolCallsFinishIsEmptyOnlyWithoutAToolCallOrText() {
        ToolCall call = ToolCall.of("c1", "search", "{}");
        LlmChunk bare = LlmChunk.last("", FinishReason.TOOL_CALLS, Usage.of(3, 1), "m");
        StepVerifier.create(CommitGate.of(StreamConfig.ofDefaults()).apply(
                        Flux.just(LlmChunk.reasoning("hmm"), bare), "p"))
                .expectError(EmptyAnswer.class)
                .verify();

        CommitGate streamedCall = CommitGate.of(StreamConfig.ofDefaults());
        StepVerifier.create(streamedCall.apply(Flux.just(LlmChunk.toolCall(call), bare), "p"))
                .expectNextCount(2)
                .verifyComplete();
        assertThat(streamedCall.toolCallsEmitted()).isTrue();

        // a provider that puts its calls on the last chunk's message only
        LlmChunk withMessage = bare.toBuilder().message(Message.assistant(List.of(call))).build();
        StepVerifier.create(CommitGate.of(StreamConfig.ofDefaults()).apply(Flux.just(withMessage), "p"))
                .expectNext(withMessage)
                .verifyComplete();
        assertThat(EmptyAnswer.isEmpty(Message.assistant(List.of(call)), FinishReason.STOP)).isFalse();
        assertThat(EmptyAnswer.isEmpty(Message.assistant(List.of(ReasoningPart.of("x"))), FinishReason.STOP)).isTrue();
        assertThat(EmptyAnswer.isEmpty(Message.assistant(""), FinishReason.CONTENT_FILTER)).isFalse();
        assertThat(EmptyAnswer.isEmpty("", FinishReason.TOOL_CALLS)).isTrue();
    }

    @Test
    void aToolCallCommitsLikeTextAndReasoningBeforeItIsHeldThenReleasedInOrder() {
        CommitGate gate = CommitGate.of(StreamConfig.ofDefaults());
        ToolCall call = ToolCall.of("c1", "search", "{}");

        StepVerifier.withVirtualTime(() -> gate.apply(Flux.just(LlmChunk.reasoning("a"), LlmChunk.reasoning("b"))
                        .concatWith(Flux.just(LlmChunk.toolCall(call)).delaySubscription(STEP))
                        .concatWith(Flux.<LlmChunk>never()), "p"))
                .expectSubscription()
                .expectNoEvent(STEP)
                .assertNext(c -> assertThat(c.reasoning()).isEqualTo("a"))
                .assertNext(c -> assertThat(c.reasoning()).isEqualTo("b"))
                .assertNext(c -> assertThat(c.toolCall()).contains(call))
                .thenCancel()
                .verify();
        assertThat(gate.committed()).isTrue();
        assertThat(gate.emittedText()).isEmpty();
    }

    @Test
    void reasoningAloneNeverCommitsAndIsDroppedWithTheFailure() {
        CommitGate gate = CommitGate.of(StreamConfig.ofDefaults());

        StepVerifier.create(gate.apply(Flux.just(LlmChunk.reasoning("a"), LlmChunk.reasoning("b"))
                        .concatWith(Flux.error(new ServerError("down", io.relay4j.core.error.ErrorDetails.of("p")))), "p"))
                .expectError(ServerError.class)
                .verify();
        assertThat(gate.committed()).isFalse();
        assertThat(gate.toolCallsEmitted()).isFalse();
    }

    @Test
    void argumentFragmentsCountTowardsTheHoldBackLikeText() {
        CommitGate gate = CommitGate.of(StreamConfig.custom().holdBackChars(6).build());
        LlmChunk fragment = LlmChunk.builder().toolCallDelta(ToolCallDelta.of(0, "search", "{\"q\":")).build();

        StepVerifier.create(gate.apply(Flux.just(fragment).concatWith(Flux.error(
                        new ServerError("down", io.relay4j.core.error.ErrorDetails.of("p")))), "p"))
                .expectError(ServerError.class)
                .verify();
        assertThat(gate.committed()).isFalse();

        CommitGate passed = CommitGate.of(StreamConfig.custom().holdBackChars(6).build());
        StepVerifier.create(passed.apply(Flux.just(fragment, fragment).concatWith(Flux.never()), "p"))
                .expectNextCount(2)
                .thenCancel()
                .verify();
        assertThat(passed.committed()).isTrue();
        assertThat(passed.toolCallsEmitted()).isTrue();
    }
}
