package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerLimiting;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.failAfter;
import static io.relay4j.core.testing.ScriptedProvider.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.Attempt.SkipReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Per-provider concurrency limits: a full provider is skipped, never queued, and its slots come back. */
@BothRoutingPaths
class LlmRouterConcurrencyLimitTest extends RoutingPathScenario {

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
    void providerAtItsLimitIsSkippedAsASkipNotAFailure() {
        a.then(hang());
        LlmRouter router = routerLimiting(a, 1, a, b).build();
        Disposable holdingA = router.generate(REQUEST).subscribe();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.attempts())
                            .extracting(Attempt::provider, Attempt::kind, Attempt::outcome, Attempt::skipReason)
                            .containsExactly(
                                    tuple("a", Kind.PRIMARY, Outcome.SKIPPED, Optional.of(SkipReason.CONCURRENCY_LIMIT)),
                                    tuple("b", Kind.FALLBACK, Outcome.SUCCESS, Optional.empty()));
                })
                .verifyComplete();

        assertThat(a.calls()).isEqualTo(1);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(router.health("a").consecutiveFailures()).isZero();
        holdingA.dispose();
    }

    @Test
    void cancelledCallGivesItsSlotBack() {
        a.then(hang());
        LlmRouter router = routerLimiting(a, 1, a, b).build();
        Disposable holdingA = router.generate(REQUEST).subscribe();
        holdingA.dispose();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .verifyComplete();
        assertThat(a.cancellations()).isEqualTo(1);
    }

    @Test
    void answeredAndFailedCallsGiveTheirSlotsBack() {
        a.then(answerAfter(Duration.ofMillis(100), "first"))
                .then(failAfter(Duration.ofMillis(100), Errors.invalidRequest()));
        LlmRouter router = routerLimiting(a, 1, a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(100)))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .verifyComplete();
        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(100)))
                .expectError()
                .verify();
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(3);
    }

    @Test
    void limitCountsEveryCallInProgress() {
        a.otherwise(hang());
        LlmRouter router = routerLimiting(a, 3, a, b).build();
        Disposable[] held = new Disposable[5];
        for (int i = 0; i < held.length; i++) {
            held[i] = router.generate(REQUEST).subscribe();
        }

        assertThat(a.inFlight()).isEqualTo(3);
        assertThat(b.calls()).isEqualTo(2);
        for (Disposable d : held) {
            d.dispose();
        }
        assertThat(a.inFlight()).isZero();
    }

    @Test
    void hedgeSkipsAProviderAtItsLimit() {
        b.then(hang());
        c.then(hang());
        a.then(hang());
        LlmRouter router = routerLimiting(b, 1, a, b, c)
                .hedging(HedgingConfig.custom().fixedDelay(Duration.ofMillis(300)).budgetFraction(1.0).build())
                .build();
        // an earlier request holds b's only slot (and hedges to c, which hangs too)
        router.disable("a");
        Disposable holdingB = router.generate(REQUEST).subscribe();
        router.enable("a");

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(300)))
                .assertNext(answer -> assertThat(answer.attempts())
                        .extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                        .containsExactly(tuple("b", Kind.HEDGE, Outcome.SKIPPED),
                                tuple("a", Kind.PRIMARY, Outcome.CANCELLED),
                                tuple("c", Kind.HEDGE, Outcome.SUCCESS)))
                .verifyComplete();
        holdingB.dispose();
    }

    @Test
    void aProviderAddedAtRunTimeWithOptionsGetsItsLimit() {
        a.then(hang());
        b.otherwise(hang());
        c.then(answerAfter(Duration.ZERO, "from c"));
        LlmRouter router = routerOf(a).build();
        router.addProvider(b, ProviderOptions.custom().concurrencyLimit(1).build());
        router.addProvider(c);
        router.disable("a");
        Disposable holdingB = router.generate(REQUEST).subscribe();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.attempts())
                        .extracting(Attempt::provider, Attempt::outcome, Attempt::skipReason)
                        .containsExactly(tuple("a", Outcome.SKIPPED, Optional.of(SkipReason.DISABLED)),
                                tuple("b", Outcome.SKIPPED, Optional.of(SkipReason.CONCURRENCY_LIMIT)),
                                tuple("c", Outcome.SUCCESS, Optional.empty())))
                .verifyComplete();
        assertThat(b.calls()).isEqualTo(1);
        holdingB.dispose();
    }

    @Test
    void aLimitBelowOneIsRejectedWhereItIsSet() {
        assertThatThrownBy(() -> ProviderOptions.custom().concurrencyLimit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrencyLimit must be at least 1, got 0");
    }
}
