package io.relay4j.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.Usage;
import io.relay4j.core.error.Timeout;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

/** Each deadline in virtual time: when it fires, which kind it reports, and that the upstream is cancelled. */
class StreamTimeoutsTest {

    private static final LlmChunk EMPTY_ROLE_CHUNK = LlmChunk.text("");
    private static final LlmChunk LAST = LlmChunk.last("", FinishReason.STOP, Usage.of(1, 1), "m");

    private static Consumer<Throwable> timeoutOf(Timeout.Kind kind) {
        return error -> {
            assertThat(error).isInstanceOf(Timeout.class);
            assertThat(((Timeout) error).kind()).isEqualTo(kind);
            assertThat(((Timeout) error).provider()).isEqualTo("openai");
        };
    }

    /** Deferred, so the interval picks its scheduler at subscription: inside virtual time. */
    private static Flux<LlmChunk> tokensEvery(Duration period) {
        return Flux.defer(() -> Flux.interval(period).map(i -> LlmChunk.text("t" + i)));
    }

    @Test
    void aProviderThatNeverSendsATokenFailsWithFirstTokenTimeoutAndIsCancelled() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofSeconds(10)).build();
        PublisherProbe<LlmChunk> silent = PublisherProbe.of(Flux.never());

        StepVerifier.withVirtualTime(() -> timeouts.apply(silent.flux()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(9_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.FIRST_TOKEN))
                .verify();
        silent.assertWasCancelled();
    }

    @Test
    void chunksWithoutTextDoNotStopTheFirstTokenClock() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofSeconds(5))
                .idle(Duration.ofSeconds(60)).build();

        StepVerifier.withVirtualTime(() -> timeouts.apply(
                        Flux.concat(Mono.just(EMPTY_ROLE_CHUNK).delayElement(Duration.ofSeconds(3)), Flux.never())))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectNext(EMPTY_ROLE_CHUNK)
                .expectNoEvent(Duration.ofMillis(1_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.FIRST_TOKEN))
                .verify();
    }

    @Test
    void aTokenInTimeEndsTheFirstTokenWait() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofSeconds(5)).build();

        StepVerifier.withVirtualTime(() -> timeouts.apply(tokensEvery(Duration.ofSeconds(4)).take(5)))
                .thenAwait(Duration.ofSeconds(20))
                .expectNextCount(5)
                .verifyComplete();
    }

    @Test
    void aSilenceLongerThanTheIdleTimeoutAfterTheFirstTokenFailsWithIdle() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofSeconds(30))
                .idle(Duration.ofSeconds(3)).build();
        PublisherProbe<LlmChunk> stalls = PublisherProbe.of(
                Flux.concat(tokensEvery(Duration.ofSeconds(2)).take(3), Flux.never()));

        StepVerifier.withVirtualTime(() -> timeouts.apply(stalls.flux()))
                .thenAwait(Duration.ofSeconds(6))
                .expectNextCount(3)
                .expectNoEvent(Duration.ofMillis(2_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.IDLE))
                .verify();
        stalls.assertWasCancelled();
    }

    @Test
    void aLongSteadyStreamKeepsItsIdleDeadlineFromTheLastTokenAndFailsExactlyWhenItStalls() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").idle(Duration.ofMillis(3_000)).build();
        PublisherProbe<LlmChunk> flowsThenStalls = PublisherProbe.of(
                Flux.concat(tokensEvery(Duration.ofMillis(2_500)).take(10), Flux.never()));

        StepVerifier.withVirtualTime(() -> timeouts.apply(flowsThenStalls.flux()))
                .thenAwait(Duration.ofMillis(25_000))
                .expectNextCount(10)
                .expectNoEvent(Duration.ofMillis(2_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.IDLE))
                .verify();
        flowsThenStalls.assertWasCancelled();
    }

    @Test
    void aConsumerThatCancelsGetsNoTimeoutLater() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofSeconds(5))
                .idle(Duration.ofSeconds(1)).total(Duration.ofSeconds(10)).build();
        PublisherProbe<LlmChunk> stalls = PublisherProbe.of(Flux.concat(Mono.just(LlmChunk.text("a")), Flux.never()));

        StepVerifier.withVirtualTime(() -> timeouts.apply(stalls.flux()))
                .expectNextCount(1)
                .thenCancel()
                .verify();
        stalls.assertWasCancelled();
    }

    @Test
    void theIdleClockDoesNotRunBeforeTheFirstToken() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").idle(Duration.ofSeconds(1)).build();

        StepVerifier.withVirtualTime(() -> timeouts.apply(
                        Flux.concat(Mono.just(LlmChunk.text("late")).delayElement(Duration.ofSeconds(10)), Mono.just(LAST))))
                .thenAwait(Duration.ofSeconds(10))
                .expectNextCount(2)
                .verifyComplete();
    }

    @Test
    void aStreamStillFlowingAtTheTotalDeadlineFailsWithTotalAndIsCancelled() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofSeconds(5))
                .idle(Duration.ofSeconds(2)).total(Duration.ofSeconds(10)).build();
        PublisherProbe<LlmChunk> endless = PublisherProbe.of(tokensEvery(Duration.ofSeconds(1)));

        StepVerifier.withVirtualTime(() -> timeouts.apply(endless.flux()))
                .thenAwait(Duration.ofMillis(9_999))
                .expectNextCount(9)
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.TOTAL))
                .verify();
        endless.assertWasCancelled();
    }

    @Test
    void theTotalDeadlineWinsWhenItComesBeforeTheFirstTokenDeadline() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofSeconds(30))
                .total(Duration.ofSeconds(10)).build();

        StepVerifier.withVirtualTime(() -> timeouts.apply(Flux.<LlmChunk>never()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(9_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.TOTAL))
                .verify();
    }

    @Test
    void aStreamFinishingInTimeCompletesAndNoTimerFiresLater() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofSeconds(5))
                .idle(Duration.ofSeconds(5)).total(Duration.ofSeconds(20)).build();

        StepVerifier.withVirtualTime(() -> timeouts.apply(
                        Flux.concat(tokensEvery(Duration.ofSeconds(1)).take(3), Mono.just(LAST))))
                .thenAwait(Duration.ofSeconds(3))
                .expectNextCount(4)
                .expectComplete()
                .verify();
    }

    @Test
    void aGenericStreamUsesTheCallersIdeaOfAToken() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofSeconds(5)).build();

        StepVerifier.withVirtualTime(() -> timeouts.apply(
                        Flux.interval(Duration.ofSeconds(1)).map(i -> "ping"), text -> !text.equals("ping")))
                .thenAwait(Duration.ofSeconds(5))
                .expectNextCount(4)
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.FIRST_TOKEN))
                .verify();
    }

    @Test
    void withoutDeadlinesTheStreamIsUntouched() {
        StreamTimeouts none = StreamTimeouts.builder("openai").build();
        Flux<LlmChunk> source = Flux.just(LAST);

        assertThat(none.apply(source)).isSameAs(source);
        assertThat(none.firstToken()).isEmpty();
    }

    @Test
    void nonPositiveTimeoutsAreRejectedWithAFix() {
        assertThatThrownBy(() -> StreamTimeouts.builder("openai").idle(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idle timeout must be positive")
                .hasMessageContaining("leave it unset");
        assertThatThrownBy(() -> StreamTimeouts.builder("openai").total(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamTimeouts.builder(" ").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hugeTimeoutsDoNotOverflow() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").firstToken(Duration.ofDays(365 * 1000))
                .total(Duration.ofSeconds(Long.MAX_VALUE)).build();

        StepVerifier.withVirtualTime(() -> timeouts.apply(Flux.just(LAST)))
                .expectNext(LAST)
                .verifyComplete();
    }

    @Test
    void theConsumersContextReachesTheProvidersStream() {
        StreamTimeouts timeouts = StreamTimeouts.builder("openai").idle(Duration.ofSeconds(1)).build();
        Flux<LlmChunk> readsContext = Flux.deferContextual(context -> Flux.just(LlmChunk.text(context.get("trace"))));

        StepVerifier.create(timeouts.apply(readsContext).map(LlmChunk::text)
                        .contextWrite(context -> context.put("trace", "t-1")))
                .expectNext("t-1")
                .verifyComplete();
    }
}
