package io.relay4j.core.internal.stream;

import static io.relay4j.core.testing.ScriptedProvider.hang;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.internal.router.AttemptDeadlines;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The stream deadlines, each in virtual time: when it fires, which kind it reports, that the provider's stream
 * is cancelled, and that a consumer's pause in demand is never counted as the provider's silence.
 */
class AttemptTimeoutsTest {

    private static final LlmRequest REQUEST = LlmRequest.of("hi");
    /** First token 15 s, idle 15 s, attempt 10 min. */
    private static final AttemptDeadlines DEFAULTS =
            new AttemptDeadlines(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofMinutes(10));

    @BeforeEach
    void failRatherThanHang() {
        StepVerifier.setDefaultTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void resetTimeout() {
        StepVerifier.resetDefaultTimeout();
    }

    private static Flux<String> timed(ScriptedProvider provider, AttemptDeadlines timeouts) {
        return AttemptTimeouts.apply(provider.stream(REQUEST), provider.name(), timeouts).map(LlmChunk::text);
    }

    private static ScriptedProvider.Step textThenSilence(Duration after, String text) {
        return (p, r) -> Mono.delay(after).thenReturn(LlmChunk.text(text)).concatWith(Flux.never());
    }

    private static void assertTimeout(Throwable e, Timeout.Kind kind, String provider) {
        assertThat(e).isInstanceOf(Timeout.class);
        Timeout timeout = (Timeout) e;
        assertThat(timeout.kind()).isEqualTo(kind);
        assertThat(timeout.provider()).isEqualTo(provider);
    }

    @Test
    void silentProviderTimesOutAtTheFirstTokenDeadlineAndIsCancelled() {
        ScriptedProvider silent = ScriptedProvider.named("silent").then(hang());

        StepVerifier.withVirtualTime(() -> timed(silent, DEFAULTS))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.FIRST_TOKEN, "silent"))
                .verify();
        assertThat(silent.cancellations()).isEqualTo(1);
    }

    @Test
    void anEmptyChunkIsNoFirstToken() {
        ScriptedProvider rolesOnly = ScriptedProvider.named("roles")
                .then((p, r) -> Flux.just(LlmChunk.text("")).concatWith(Flux.never()));

        StepVerifier.withVirtualTime(() -> timed(rolesOnly, DEFAULTS))
                .expectNext("")
                .thenAwait(Duration.ofSeconds(15))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.FIRST_TOKEN, "roles"))
                .verify();
    }

    @Test
    void streamStallingAfterItsFirstTokenTimesOutIdle() {
        ScriptedProvider stalling = ScriptedProvider.named("stalling").then(textThenSilence(Duration.ofSeconds(1), "Hel"));

        StepVerifier.withVirtualTime(() -> timed(stalling, DEFAULTS))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("Hel")
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.IDLE, "stalling"))
                .verify();
        assertThat(stalling.cancellations()).isEqualTo(1);
    }

    @Test
    void chunksArrivingWithinTheIdleDeadlineKeepTheStreamAlive() {
        ScriptedProvider steady = ScriptedProvider.named("steady").then(streamOf(Duration.ofSeconds(10), "a", "b", "c"));

        StepVerifier.withVirtualTime(() -> timed(steady, DEFAULTS))
                .thenAwait(Duration.ofSeconds(30))
                .expectNext("a", "b", "c", "")
                .verifyComplete();
    }

    @Test
    void theIdleDeadlineCountsFromTheLastChunkNotFromTheFirstEvenWhenChunksOutliveTheFirstTimer() {
        // idle 15 s; chunks at 1, 11, 21 s then silence: the idle timer armed at 1 s finds the stream active at
        // 16 s and again at 26 s, and the deadline is 15 s after the last chunk, to the millisecond
        ScriptedProvider slowThenStalls = ScriptedProvider.named("slow").then((p, r) ->
                Flux.concat(Mono.delay(Duration.ofSeconds(1)).thenReturn(LlmChunk.text("a")),
                        Mono.delay(Duration.ofSeconds(10)).thenReturn(LlmChunk.text("b")),
                        Mono.delay(Duration.ofSeconds(10)).thenReturn(LlmChunk.text("c")), Flux.never()));

        StepVerifier.withVirtualTime(() -> timed(slowThenStalls, DEFAULTS))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(21))
                .expectNext("a", "b", "c")
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.IDLE, "slow"))
                .verify();
        assertThat(slowThenStalls.cancellations()).isEqualTo(1);
    }

    @Test
    void aConsumerThatAsksForNothingIsNeverIdleAndAskingAgainRestartsTheCount() {
        ScriptedProvider eager = ScriptedProvider.named("eager").then((p, r) ->
                Flux.just(LlmChunk.text("a"), LlmChunk.text("b")).concatWith(Flux.never()));

        StepVerifier.withVirtualTime(() -> timed(eager, DEFAULTS), 1)
                .expectNext("a")
                .expectNoEvent(Duration.ofSeconds(60))
                .thenRequest(1)
                .expectNext("b")
                .thenRequest(1)
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.IDLE, "eager"))
                .verify();
    }

    @Test
    void longStreamIsCutAtTheAttemptDeadline() {
        String[] pieces = new String[100];
        java.util.Arrays.fill(pieces, "x");
        ScriptedProvider endless = ScriptedProvider.named("endless").then(streamOf(Duration.ofSeconds(10), pieces));

        StepVerifier.withVirtualTime(() -> timed(endless, new AttemptDeadlines(DEFAULTS.firstToken(), DEFAULTS.idle(),
                        Duration.ofSeconds(55))))
                .thenAwait(Duration.ofSeconds(55))
                .expectNextCount(5)
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.ATTEMPT, "endless"))
                .verify();
        assertThat(endless.cancellations()).isEqualTo(1);
    }

    @Test
    void aConsumerThatAsksForNothingDoesNotMakeTheProviderLookIdle() {
        ScriptedProvider ready = ScriptedProvider.named("ready")
                .then((p, r) -> Flux.just(LlmChunk.text("a"), LlmChunk.text("b")));

        StepVerifier.withVirtualTime(() -> timed(ready, DEFAULTS), 0)
                .thenRequest(1)
                .expectNext("a")
                .expectNoEvent(Duration.ofMinutes(1))
                .thenRequest(1)
                .expectNext("b")
                .verifyComplete();
    }

    @Test
    void aConsumerPausingLongerThanTheIdleLimitBetweenEveryChunkGetsTheWholeStream() {
        // the provider has every chunk ready at once; the consumer takes one, then pauses a minute (four idle
        // limits) before asking for the next: none of that pause is the provider's silence
        ScriptedProvider ready = ScriptedProvider.named("ready").then(streamOf(Duration.ZERO, "a", "b", "c"));

        StepVerifier.withVirtualTime(() -> timed(ready, DEFAULTS), 1)
                .expectNext("a")
                .expectNoEvent(Duration.ofMinutes(1))
                .thenRequest(1)
                .expectNext("b")
                .expectNoEvent(Duration.ofMinutes(1))
                .thenRequest(1)
                .expectNext("c")
                .expectNoEvent(Duration.ofMinutes(1))
                .thenRequest(1)
                .expectNext("")
                .verifyComplete();
        assertThat(ready.cancellations()).isZero();
    }

    @Test
    void aPauseInDemandDoesNotShortenTheIdleLimitThatFollowsIt() {
        // after a pause longer than the limit, the provider still gets the whole limit once the consumer asks
        ScriptedProvider slow = ScriptedProvider.named("slow").then((p, r) -> Flux.concat(Mono.just(LlmChunk.text("a")),
                Mono.delay(Duration.ofSeconds(40)).thenReturn(LlmChunk.text("b")), Flux.never()));

        StepVerifier.withVirtualTime(() -> timed(slow, DEFAULTS), 1)
                .expectNext("a")
                .expectNoEvent(Duration.ofSeconds(30))
                .thenRequest(1)
                .expectNoEvent(Duration.ofSeconds(10))
                .expectNext("b")
                .thenRequest(1)
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.IDLE, "slow"))
                .verify();
    }

    @Test
    void aStreamWhoseFirstTokenComesLateSucceedsWithOnlyTheFirstTokenLimitRaised() {
        // a reasoning model: three minutes of thought, then a steady answer; the idle and attempt limits are the
        // defaults and do not get in the way
        AttemptDeadlines reasoning = new AttemptDeadlines(Duration.ofMinutes(5), DEFAULTS.idle(), DEFAULTS.attempt());
        ScriptedProvider thinker = ScriptedProvider.named("thinker").then((p, r) ->
                Mono.delay(Duration.ofMinutes(3)).thenMany(Flux.just(LlmChunk.text("a"), LlmChunk.text("b")))
                        .concatWith(streamOf(Duration.ofSeconds(1), "c").run(p, r)));

        StepVerifier.withVirtualTime(() -> timed(thinker, reasoning))
                .thenAwait(Duration.ofMinutes(3).plusSeconds(1))
                .expectNext("a", "b", "c", "")
                .verifyComplete();
    }

    @Test
    void aTokenInTimeEndsTheFirstTokenWait() {
        ScriptedProvider steady = ScriptedProvider.named("steady").then(streamOf(Duration.ofSeconds(14), "a", "b"));

        StepVerifier.withVirtualTime(() -> timed(steady, DEFAULTS))
                .thenAwait(Duration.ofSeconds(30))
                .expectNext("a", "b", "")
                .verifyComplete();
    }

    @Test
    void theIdleClockDoesNotRunBeforeTheFirstToken() {
        AttemptDeadlines shortIdle = new AttemptDeadlines(Duration.ofSeconds(30), Duration.ofSeconds(1),
                DEFAULTS.attempt());
        ScriptedProvider late = ScriptedProvider.named("late").then(streamOf(Duration.ofSeconds(10), "late"));

        StepVerifier.withVirtualTime(() -> timed(late, shortIdle))
                .thenAwait(Duration.ofSeconds(10))
                .expectNext("late", "")
                .verifyComplete();
    }

    @Test
    void theAttemptDeadlineWinsWhenItComesBeforeTheFirstTokenDeadline() {
        AttemptDeadlines shortAttempt = new AttemptDeadlines(Duration.ofSeconds(30), DEFAULTS.idle(),
                Duration.ofSeconds(10));
        ScriptedProvider silent = ScriptedProvider.named("silent").then(hang());

        StepVerifier.withVirtualTime(() -> timed(silent, shortAttempt))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(9_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.ATTEMPT, "silent"))
                .verify();
        assertThat(silent.cancellations()).isEqualTo(1);
    }

    @Test
    void aConsumerThatCancelsGetsNoTimeoutLater() {
        PublisherProbe<LlmChunk> stalls = PublisherProbe.of(Flux.concat(Mono.just(LlmChunk.text("a")), Flux.never()));
        VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
        List<Object> signals = new ArrayList<>();
        Hooks.onErrorDropped(signals::add);
        try {
            Disposable subscription = AttemptTimeouts.apply(stalls.flux(), "p", DEFAULTS)
                    .subscribe(signals::add, signals::add, () -> signals.add("complete"));
            subscription.dispose();
            vts.advanceTimeBy(Duration.ofHours(1));
        } finally {
            Hooks.resetOnErrorDropped();
            VirtualTimeScheduler.reset();
        }
        stalls.assertWasCancelled();
        assertThat(signals).as("the chunk, then nothing: no timeout delivered or dropped").hasSize(1);
    }

    @Test
    void hugeDeadlinesDoNotOverflow() {
        AttemptDeadlines forever = new AttemptDeadlines(Duration.ofDays(365L * 1000), Duration.ofSeconds(Long.MAX_VALUE),
                Duration.ofSeconds(Long.MAX_VALUE));
        ScriptedProvider quick = ScriptedProvider.named("quick").then(streamOf(Duration.ofMillis(10), "a", "b"));

        StepVerifier.withVirtualTime(() -> timed(quick, forever))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("a", "b", "")
                .verifyComplete();
    }

    @Test
    void aFinishedStreamLeavesNoTimerBehind() {
        ScriptedProvider quick = ScriptedProvider.named("quick").then(streamOf(Duration.ofMillis(10), "a"));

        StepVerifier.withVirtualTime(() -> timed(quick, DEFAULTS))
                .thenAwait(Duration.ofMillis(10))
                .expectNext("a", "")
                .verifyComplete();
        assertThat(quick.cancellations()).isZero();
    }

    @Test
    void theConsumersContextReachesTheProvidersStream() {
        Flux<LlmChunk> readsContext = Flux.deferContextual(context -> Flux.just(LlmChunk.text(context.get("trace"))));

        StepVerifier.create(AttemptTimeouts.apply(readsContext, "p", DEFAULTS).map(LlmChunk::text)
                        .contextWrite(context -> context.put("trace", "t-1")))
                .expectNext("t-1")
                .verifyComplete();
    }
}
