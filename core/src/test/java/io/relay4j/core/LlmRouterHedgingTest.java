package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.failAfter;
import static io.relay4j.core.testing.ScriptedProvider.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.Attempt.SkipReason;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Hedged requests through the router: when a hedge fires, who wins, what is cancelled, what is recorded. */
class LlmRouterHedgingTest {

    private static final Duration DELAY = Duration.ofMillis(300);
    /** Every request may hedge: the budget fills by one hedge per request. */
    private static final HedgingConfig HEDGE_AFTER_300MS = HedgingConfig.custom().fixedDelay(DELAY).budgetFraction(1.0)
            .build();

    private VirtualTimeScheduler vts;
    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final ScriptedProvider c = ScriptedProvider.named("c");

    @BeforeEach
    void virtualTime() {
        vts = VirtualTimeScheduler.getOrSet();
    }

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void slowPrimaryIsHedgedToTheNextProviderWhichWinsAndThePrimaryIsCancelled() {
        a.then(answerAfter(Duration.ofSeconds(5), "slow a"));
        b.then(answerAfter(Duration.ofMillis(100), "fast b"));
        LlmRouter router = routerOf(a, b, c).hedging(HEDGE_AFTER_300MS).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(DELAY.minusMillis(1)))
                .then(() -> assertThat(b.calls()).isZero())
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(1)))
                .then(() -> assertThat(b.calls()).isEqualTo(1))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(100)))
                .assertNext(answer -> {
                    assertThat(answer.content()).isEqualTo("fast b");
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.latency()).isEqualTo(Duration.ofMillis(400));
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                            .containsExactly(tuple("a", Kind.PRIMARY, Outcome.CANCELLED),
                                    tuple("b", Kind.HEDGE, Outcome.SUCCESS));
                    assertThat(answer.attempts().get(1).isHedge()).isTrue();
                    assertThat(answer.attempts().get(1).won()).isTrue();
                })
                .verifyComplete();

        assertThat(a.cancellations()).isEqualTo(1);
        assertThat(b.cancellations()).isZero();
        assertThat(c.calls()).isZero();
    }

    @Test
    void primaryAnsweringInTimeIsNeverHedged() {
        a.then(answerAfter(Duration.ofMillis(250), "a"));
        LlmRouter router = routerOf(a, b).hedging(HEDGE_AFTER_300MS).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::kind)
                        .containsExactly(Kind.PRIMARY))
                .verifyComplete();
        assertThat(b.calls()).isZero();
    }

    @Test
    void primaryWinningTheRaceCancelsTheHedge() {
        a.then(answerAfter(Duration.ofMillis(500), "a"));
        b.then(answerAfter(Duration.ofSeconds(2), "b"));
        LlmRouter router = routerOf(a, b).hedging(HEDGE_AFTER_300MS).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(500)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("a");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                            .containsExactly(tuple("b", Kind.HEDGE, Outcome.CANCELLED),
                                    tuple("a", Kind.PRIMARY, Outcome.SUCCESS));
                })
                .verifyComplete();
        assertThat(b.cancellations()).isEqualTo(1);
    }

    @Test
    void failingHedgeDoesNotFailTheRequestWhileThePrimaryStillAnswers() {
        a.then(answerAfter(Duration.ofMillis(800), "a"));
        b.then(failAfter(Duration.ofMillis(50), Errors.serverError()));
        LlmRouter router = routerOf(a, b, c).hedging(HEDGE_AFTER_300MS).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(800)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("a");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                            .containsExactly(tuple("b", Kind.HEDGE, Outcome.FAILED),
                                    tuple("a", Kind.PRIMARY, Outcome.SUCCESS));
                })
                .verifyComplete();
        assertThat(c.calls()).isZero();
    }

    @Test
    void whenPrimaryAndHedgeBothFailTheRequestFallsOverToTheProviderAfterThem() {
        a.then(failAfter(Duration.ofMillis(400), Errors.banned()));
        b.then(failAfter(Duration.ofMillis(200), Errors.banned()));
        LlmRouter router = routerOf(a, b, c).hedging(HEDGE_AFTER_300MS).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(500)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("c");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                            .containsExactly(tuple("a", Kind.PRIMARY, Outcome.FAILED),
                                    tuple("b", Kind.HEDGE, Outcome.FAILED),
                                    tuple("c", Kind.FALLBACK, Outcome.SUCCESS));
                })
                .verifyComplete();
    }

    @Test
    void hedgeSkipsAnUnavailableProviderForTheNextInOrder() {
        a.then(hang());
        LlmRouter router = routerOf(a, b, c).hedging(HEDGE_AFTER_300MS).build();
        router.disable("b");

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(DELAY))
                .assertNext(answer -> assertThat(answer.attempts())
                        .extracting(Attempt::provider, Attempt::kind, Attempt::outcome, Attempt::skipReason)
                        .containsExactly(tuple("b", Kind.HEDGE, Outcome.SKIPPED, Optional.of(SkipReason.DISABLED)),
                                tuple("a", Kind.PRIMARY, Outcome.CANCELLED, Optional.empty()),
                                tuple("c", Kind.HEDGE, Outcome.SUCCESS, Optional.empty())))
                .verifyComplete();
        assertThat(b.calls()).isZero();
        assertThat(a.cancellations()).isEqualTo(1);
    }

    @Test
    void hedgesCountAgainstTheAttemptBudget() {
        a.then(answerAfter(Duration.ofSeconds(2), "a"));
        LlmRouter router = routerOf(a, b).hedging(HEDGE_AFTER_300MS).maxAttemptsPerRequest(1).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(2)))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .verifyComplete();
        assertThat(b.calls()).isZero();
    }

    @Test
    void budgetLetsOnlyItsFractionOfRequestsHedge() {
        a.otherwise(answerAfter(Duration.ofSeconds(1), "a"));
        b.otherwise(answerAfter(Duration.ofMillis(10), "b"));
        LlmRouter router = routerOf(a, b)
                .hedging(HedgingConfig.custom().fixedDelay(DELAY).budgetFraction(0.25).budgetBurst(1).build())
                .build();

        int hedged = 0;
        for (int i = 0; i < 20; i++) {
            StepVerifier.create(router.generate(REQUEST))
                    .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                    .expectNextCount(1)
                    .verifyComplete();
            hedged = b.calls();
        }

        assertThat(hedged).isEqualTo(5);
        assertThat(a.calls()).isEqualTo(20);
    }

    @Test
    void percentileDelayFollowsThePrimarysObservedLatencyBetweenFloorAndCeiling() {
        for (int i = 1; i <= 20; i++) {
            a.then(answerAfter(Duration.ofMillis(10L * i), "warm-up"));
        }
        a.then(hang());
        LlmRouter router = routerOf(a, b)
                .hedging(HedgingConfig.custom().percentileDelay(95, Duration.ofMillis(50), Duration.ofSeconds(1))
                        .budgetFraction(1.0).build())
                .build();
        for (int i = 1; i <= 20; i++) {
            StepVerifier.create(router.generate(REQUEST))
                    .then(() -> vts.advanceTimeBy(Duration.ofMillis(200)))
                    .expectNextCount(1)
                    .verifyComplete();
        }
        assertThat(b.calls()).as("no request of the warm-up was slow enough to hedge").isZero();

        // p95 of 10, 20, ..., 200 ms by nearest rank is 190 ms
        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(189)))
                .then(() -> assertThat(b.calls()).isZero())
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(1)))
                .then(() -> assertThat(b.calls()).isEqualTo(1))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
    }

    @Test
    void callerCancellingAHedgedRequestCancelsEveryCall() {
        a.then(hang());
        b.then(hang());
        LlmRouter router = routerOf(a, b).hedging(HEDGE_AFTER_300MS).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .then(() -> assertThat(b.calls()).isEqualTo(1))
                .thenCancel()
                .verify();

        assertThat(a.cancellations()).isEqualTo(1);
        assertThat(b.cancellations()).isEqualTo(1);
    }

    @Test
    void hedgingIsOffByDefault() {
        a.then(answerAfter(Duration.ofSeconds(30), "a"));
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(30)))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .verifyComplete();
        assertThat(b.calls()).isZero();
    }

    @Test
    void raceWhoseCallsAllFailWithNoProviderLeftEndsWithEveryAttempt() {
        a.then(failAfter(Duration.ofMillis(400), Errors.serverError()));
        b.then(failAfter(Duration.ofMillis(200), Errors.overloaded()));
        LlmRouter router = routerOf(a, b).hedging(HEDGE_AFTER_300MS).maxAttemptsPerRequest(2).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(2)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(AllProvidersFailed.class);
                    assertThat(((AllProvidersFailed) e).attempts())
                            .extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                            .containsExactly(tuple("a", Kind.PRIMARY, Outcome.FAILED),
                                    tuple("b", Kind.HEDGE, Outcome.FAILED));
                })
                .verify();
        assertThat(a.calls()).isEqualTo(1);
    }

    @Test
    void hedgeMetersCountWhatWasFiredAndHowItEnded() {
        a.then(answerAfter(Duration.ofSeconds(5), "slow a")).then(answerAfter(Duration.ofMillis(400), "a"));
        b.then(answerAfter(Duration.ofMillis(100), "b")).then(answerAfter(Duration.ofSeconds(1), "b"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmRouter router = routerOf(a, b).hedging(HEDGE_AFTER_300MS).meterRegistry(registry).build();

        for (int i = 0; i < 2; i++) {
            StepVerifier.create(router.generate(REQUEST))
                    .then(() -> vts.advanceTimeBy(Duration.ofMillis(400)))
                    .expectNextCount(1)
                    .verifyComplete();
        }

        assertThat(registry.get("relay4j.hedges").tag("result", "fired").counter().count()).isEqualTo(2);
        assertThat(registry.get("relay4j.hedges").tag("result", "won").counter().count()).isEqualTo(1);
        assertThat(registry.get("relay4j.hedges").tag("result", "cancelled").counter().count()).isEqualTo(1);
    }
}
