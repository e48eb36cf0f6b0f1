package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.RouterTestKit.routerWith;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.hang;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The router's one timeout model: the same first-token, attempt and request deadlines for {@code generate} and
 * {@code stream}, each per-attempt one overridable per provider ({@link ProviderOptions}), providers added at
 * run time included.
 */
class LlmRouterDeadlinesTest extends VirtualTimeScenario {

    private static final Duration STEP = Duration.ofMillis(100);
    private static final TimeoutConfig REASONING = TimeoutConfig.ofDefaults().toBuilder()
            .firstToken(Duration.ofMinutes(5)).build();

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final ScriptedProvider c = ScriptedProvider.named("c");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();

    /** Thinks for {@code thinking}, then streams the pieces one {@link #STEP} apart and a last chunk. */
    private static ScriptedProvider.Step thinksThenStreams(Duration thinking, String... pieces) {
        return (p, r) -> Mono.delay(thinking).thenMany(streamOf(STEP, pieces).run(p, r));
    }

    private static Consumer<Throwable> timeoutOf(Timeout.Kind kind) {
        return error -> assertThat(error).isInstanceOfSatisfying(Timeout.class, t -> assertThat(t.kind()).isEqualTo(kind));
    }

    // ---- raising the first-token deadline alone is enough for reasoning models ----

    @Test
    void aStreamWhoseFirstTokenComesAtThreeMinutesSucceedsWithOnlyTheFirstTokenDeadlineRaised() {
        a.then(thinksThenStreams(Duration.ofMinutes(3), "After ", "thought."));
        LlmRouter router = routerOf(a, b).timeouts(REASONING).logging(false).build();

        StepVerifier.create(router.stream(REQUEST).map(LlmChunk::text))
                .then(() -> vts.advanceTimeBy(Duration.ofMinutes(3).plus(STEP.multipliedBy(3))))
                .expectNext("After ", "thought.", "")
                .verifyComplete();
        assertThat(b.calls()).isZero();
        assertThat(a.cancellations()).isZero();
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void aWholeAnswerThatComesAtThreeMinutesSucceedsWithOnlyTheFirstTokenDeadlineRaised() {
        a.then(answerAfter(Duration.ofMinutes(3), "After thought."));
        LlmRouter router = routerOf(a, b).timeouts(REASONING).logging(false).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMinutes(3)))
                .assertNext(answer -> {
                    assertThat(answer.content()).isEqualTo("After thought.");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::outcome)
                            .containsExactly(tuple("a", Outcome.SUCCESS));
                })
                .verifyComplete();
        assertThat(b.calls()).isZero();
    }

    @Test
    void byDefaultAWholeAnswerIsBoundByTheFirstTokenDeadlineAndFallsOver() {
        a.then(answerAfter(Duration.ofMinutes(3), "too late"));
        b.then(answerAfter(Duration.ZERO, "from b"));
        LlmRouter router = routerOf(a, b).logging(false).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(60)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    Attempt first = answer.attempts().get(0);
                    assertThat(first.latency()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(first.error()).get().satisfies(timeoutOf(Timeout.Kind.FIRST_TOKEN));
                })
                .verifyComplete();
        assertThat(a.cancellations()).isEqualTo(1);
    }

    // ---- the request deadline bounds streams too ----

    @Test
    void theRequestDeadlineEndsAStreamAcrossAFallbackAndCancelsTheCallInFlight() {
        a.then(hang());
        b.then(hang());
        TimeoutConfig timeouts = TimeoutConfig.custom().firstToken(Duration.ofSeconds(15))
                .request(Duration.ofSeconds(20)).build();
        LlmRouter router = routerOf(a, b, c).timeouts(timeouts).logging(false).listener(events).build();

        StepVerifier.create(router.stream(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(15)))
                .then(() -> assertThat(b.calls()).as("a timed out and the stream fell over to b").isEqualTo(1))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(4_999)))
                .then(() -> assertThat(b.cancellations()).isZero())
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(1)))
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.REQUEST))
                .verify();
        vts.advanceTimeBy(Duration.ofMinutes(30));

        assertThat(b.cancellations()).as("the call in flight is cancelled").isEqualTo(1);
        assertThat(b.inFlight()).isZero();
        assertThat(c.calls()).as("nothing more is tried").isZero();
        assertThat(events.of(RouterEvent.RequestFinished.class)).singleElement().satisfies(finished -> {
            assertThat(finished.errorType()).contains(ErrorType.TIMEOUT);
            assertThat(finished.total()).isEqualTo(Duration.ofSeconds(20));
            assertThat(finished.attempts()).extracting(Attempt::provider, Attempt::outcome)
                    .containsExactly(tuple("a", Outcome.FAILED), tuple("b", Outcome.CANCELLED));
        });
    }

    @Test
    void theRequestDeadlineCutsAStreamsInPlaceRetryWait() {
        a.then(fail(Errors.rateLimited(Duration.ofSeconds(2)))).then(streamOf(STEP, "too late"));
        LlmRouter router = routerOf(a, b).timeouts(TimeoutConfig.custom().request(Duration.ofSeconds(1)).build())
                .logging(false).build();

        StepVerifier.create(router.stream(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.REQUEST))
                .verify();
        vts.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(a.calls()).as("the retry never goes out").isEqualTo(1);
        assertThat(b.calls()).isZero();
    }

    @Test
    void theRequestDeadlineEndsAStreamStillFlowingAfterItsCommitPoint() {
        String[] pieces = new String[1_000];
        java.util.Arrays.fill(pieces, "x");
        a.then(streamOf(Duration.ofSeconds(1), pieces));
        LlmRouter router = routerOf(a, b).timeouts(TimeoutConfig.custom().request(Duration.ofMillis(30_500)).build())
                .logging(false).build();

        StepVerifier.create(router.stream(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(30_500)))
                .expectNextCount(30)
                .expectErrorSatisfies(timeoutOf(Timeout.Kind.REQUEST))
                .verify();
        assertThat(a.cancellations()).isEqualTo(1);
        assertThat(b.calls()).isZero();
    }

    @Test
    void aStreamFinishingBeforeTheRequestDeadlineLeavesNothingBehind() {
        a.then(streamOf(STEP, "done"));
        LlmRouter router = routerOf(a).timeouts(TimeoutConfig.custom().request(Duration.ofSeconds(1)).build())
                .logging(false).listener(events).build();

        StepVerifier.create(router.stream(REQUEST).map(LlmChunk::text))
                .then(() -> vts.advanceTimeBy(STEP))
                .expectNext("done", "")
                .verifyComplete();
        vts.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(events.of(RouterEvent.RequestFinished.class)).singleElement()
                .satisfies(finished -> assertThat(finished.errorType()).isEmpty());
    }

    // ---- per-provider overrides ----

    @Test
    void aProvidersFirstTokenOverrideWinsOverTheRoutersOnStreams() {
        a.then(thinksThenStreams(Duration.ofSeconds(20), "patient"));
        b.then(thinksThenStreams(Duration.ofSeconds(20), "impatient"));
        TimeoutConfig shortFirstToken = TimeoutConfig.custom().firstToken(Duration.ofSeconds(5)).build();
        LlmRouter router = routerWith(a, ProviderOptions.custom().firstTokenTimeout(Duration.ofSeconds(30)).build(), a, b)
                .timeouts(shortFirstToken).logging(false).build();

        StepVerifier.create(router.stream(REQUEST).map(LlmChunk::text))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(21)))
                .expectNext("patient", "")
                .verifyComplete();

        router.disable("a");
        StepVerifier.create(router.stream(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(5)))
                .expectErrorSatisfies(error -> assertThat(error.getSuppressed()).singleElement()
                        .satisfies(timeoutOf(Timeout.Kind.FIRST_TOKEN)))
                .verify();
    }

    @Test
    void aProvidersAttemptOverrideWinsOverTheRoutersOnWholeAnswers() {
        a.then(hang());
        b.then(answerAfter(Duration.ZERO, "from b"));
        LlmRouter router = routerWith(a, ProviderOptions.custom().attemptTimeout(Duration.ofSeconds(3)).build(), a, b)
                .logging(false).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(3)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.attempts().get(0).latency()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(answer.attempts().get(0).error()).get().satisfies(timeoutOf(Timeout.Kind.ATTEMPT));
                })
                .verifyComplete();
    }

    @Test
    void aProviderAddedAtRunTimeWithOptionsGetsItsDeadlines() {
        a.then(answerAfter(Duration.ZERO, "unused"));
        b.then(hang());
        c.then(streamOf(STEP, "from c"));
        LlmRouter router = routerOf(a).logging(false).build();
        router.addProvider(b, ProviderOptions.custom().firstTokenTimeout(Duration.ofSeconds(2)).build());
        router.addProvider(c);
        router.disable("a");

        StepVerifier.create(router.stream(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(2)))
                .then(() -> assertThat(c.calls()).as("b's own 2 s first-token deadline, not the router's 60 s").isEqualTo(1))
                .then(() -> vts.advanceTimeBy(STEP))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("from c"))
                .assertNext(last -> assertThat(last.attempts().get(1).error()).get()
                        .satisfies(timeoutOf(Timeout.Kind.FIRST_TOKEN)))
                .verifyComplete();
        assertThat(b.cancellations()).isEqualTo(1);
    }
}
