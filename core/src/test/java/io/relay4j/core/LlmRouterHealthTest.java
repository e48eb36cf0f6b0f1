package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.failAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.Attempt.SkipReason;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

/** Cooldowns, the half-open probe, recovery, panic mode and the attempt budget, in virtual time. */
@BothRoutingPaths
class LlmRouterHealthTest extends VirtualTimeScenario {

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final ScriptedProvider c = ScriptedProvider.named("c");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();

    @Test
    void coolingDownProviderIsSkippedWithoutACall() {
        a.then(fail(Errors.timeout()));
        LlmRouter router = routerOf(a, b).outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).build();
        answeredBy(router, "b");

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.attempts())
                        .extracting(Attempt::provider, Attempt::kind, Attempt::outcome, Attempt::skipReason)
                        .containsExactly(tuple("a", Kind.PRIMARY, Outcome.SKIPPED, Optional.of(SkipReason.COOLING_DOWN)),
                                tuple("b", Kind.FALLBACK, Outcome.SUCCESS, Optional.empty())))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
    }

    @Test
    void afterTheCooldownOneProbeRestoresTheProvider() {
        a.then(fail(Errors.timeout()));
        LlmRouter router = routerOf(a, b).outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).listener(events).build();
        answeredBy(router, "b");

        vts.advanceTimeBy(Duration.ofMillis(1999));
        assertThat(router.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
        answeredBy(router, "b");
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertThat(router.health("a").state()).isEqualTo(HealthState.HALF_OPEN);

        answeredBy(router, "a");
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(router.health("a").consecutiveFailures()).isZero();
        assertThat(events.of(RouterEvent.StateTransition.class))
                .extracting(RouterEvent.StateTransition::from, RouterEvent.StateTransition::to)
                .containsExactly(tuple(HealthState.HEALTHY, HealthState.COOLING_DOWN),
                        tuple(HealthState.COOLING_DOWN, HealthState.HALF_OPEN),
                        tuple(HealthState.HALF_OPEN, HealthState.HEALTHY));
    }

    @Test
    void halfOpenProviderTakesExactlyOneProbeWhileOthersSkipIt() {
        a.then(fail(Errors.timeout())).then(answerAfter(Duration.ofSeconds(1), "probe answer"));
        LlmRouter router = routerOf(a, b).outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).build();
        answeredBy(router, "b");
        vts.advanceTimeBy(Duration.ofSeconds(2));

        TestSubscriber<LlmResponse> probe = inFlight(router);
        // while the probe is in flight, a concurrent request skips the half-open provider
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.attempts().get(0).skipReason()).contains(SkipReason.COOLING_DOWN);
                })
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(2);

        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(probe.getReceivedOnNext()).singleElement()
                .satisfies(answer -> assertThat(answer.content()).isEqualTo("probe answer"));
        assertThat(probe.isTerminatedComplete()).isTrue();
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void failedProbeCoolsDownAgainForLonger() {
        a.then(fail(Errors.timeout())).then(fail(Errors.timeout()));
        LlmRouter router = routerOf(a, b).outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).build();
        answeredBy(router, "b");
        vts.advanceTimeBy(Duration.ofSeconds(2));

        answeredBy(router, "b");

        assertThat(a.calls()).isEqualTo(2);
        assertThat(router.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(router.health("a").cooldownRemaining()).contains(Duration.ofSeconds(4));
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void retryAfterCoolsDownForExactlyThatLong() {
        a.then(fail(Errors.rateLimited(Duration.ofSeconds(5))));
        LlmRouter router = routerOf(a, b).build();
        answeredBy(router, "b");

        vts.advanceTimeBy(Duration.ofMillis(4999));
        answeredBy(router, "b");
        vts.advanceTimeBy(Duration.ofMillis(1));
        answeredBy(router, "a");
        assertThat(a.calls()).isEqualTo(2);
    }

    @Test
    void aSecondTripWhileCoolingDownKeepsTheLaterDeadline() {
        // request 1 is in flight on a healthy provider and will fail late with a short backoff cooldown;
        // meanwhile request 2 trips the provider with a 10 s retry-after
        a.then(failAfter(Duration.ofSeconds(1), Errors.timeout())).then(fail(Errors.rateLimited(Duration.ofSeconds(10))));
        LlmRouter router = routerOf(a, b).build();

        TestSubscriber<LlmResponse> slow = inFlight(router);
        answeredBy(router, "b");
        assertThat(router.health("a").cooldownRemaining()).contains(Duration.ofSeconds(10));

        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(slow.getReceivedOnNext()).extracting(LlmResponse::provider).containsExactly("b");
        assertThat(router.health("a").cooldownRemaining()).as("the later deadline wins").contains(Duration.ofSeconds(9));
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void aSecondTripWithALongerWaitExtendsTheCooldown() {
        a.then(failAfter(Duration.ofSeconds(1), Errors.rateLimited(Duration.ofSeconds(30)))).then(fail(Errors.timeout()));
        LlmRouter router = routerOf(a, b).outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).build();

        TestSubscriber<LlmResponse> slow = inFlight(router);
        answeredBy(router, "b");
        assertThat(router.health("a").cooldownRemaining()).contains(Duration.ofSeconds(2));

        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(slow.getReceivedOnNext()).extracting(LlmResponse::provider).containsExactly("b");
        assertThat(router.health("a").cooldownRemaining()).contains(Duration.ofSeconds(30));
    }

    @Test
    void bannedProviderCoolsDownForLongAndIsProbedAgainAfterwards() {
        a.then(fail(Errors.banned()));
        LlmRouter router = routerOf(a, b).build();
        answeredBy(router, "b");

        vts.advanceTimeBy(Duration.ofMinutes(10).minusMillis(1));
        answeredBy(router, "b");
        assertThat(a.calls()).isEqualTo(1);

        vts.advanceTimeBy(Duration.ofMillis(1));
        answeredBy(router, "a");
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void whenEveryProviderCoolsDownThePanicRequestGoesToTheOneThatRecoversSoonest() {
        a.then(fail(Errors.rateLimited(Duration.ofSeconds(20))));
        b.then(fail(Errors.rateLimited(Duration.ofSeconds(10))));
        LlmRouter router = routerOf(a, b).build();
        StepVerifier.create(router.generate(REQUEST)).expectError(AllProvidersFailed.class).verify();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::outcome)
                            .containsExactly(tuple("a", Outcome.SKIPPED), tuple("b", Outcome.SKIPPED),
                                    tuple("b", Outcome.SUCCESS));
                })
                .verifyComplete();
        assertThat(router.health("b").state()).as("the panic call proved b works").isEqualTo(HealthState.HEALTHY);
        assertThat(router.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
    }

    @Test
    void withoutPanicModeARequestFindingEveryProviderCoolingDownFailsUntried() {
        a.then(fail(Errors.banned()));
        b.then(fail(Errors.banned()));
        LlmRouter router = routerOf(a, b).panicMode(false).build();
        StepVerifier.create(router.generate(REQUEST)).expectError(AllProvidersFailed.class).verify();

        StepVerifier.create(router.generate(REQUEST))
                .expectErrorSatisfies(error -> {
                    assertThat(error).hasMessageContaining("a: skipped cooling_down")
                            .hasMessageContaining("b: skipped cooling_down");
                    assertThat(((AllProvidersFailed) error).attempts()).extracting(Attempt::skipReason)
                            .containsOnly(Optional.of(SkipReason.COOLING_DOWN));
                    assertThat(error.getSuppressed()).isEmpty();
                })
                .verify();
        assertThat(a.calls() + b.calls()).isEqualTo(2);
    }

    @Test
    void defaultBudgetOfProvidersPlusTwoBoundsRetriesAndFallbacksTogether() {
        a.otherwise(fail(Errors.serverError()));
        b.otherwise(fail(Errors.serverError()));
        c.otherwise(fail(Errors.serverError()));
        LlmRouter router = routerOf(a, b, c).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(AllProvidersFailed.class);
                    assertThat(((AllProvidersFailed) error).attempts()).extracting(Attempt::provider, Attempt::kind)
                            .containsExactly(tuple("a", Kind.PRIMARY), tuple("a", Kind.RETRY),
                                    tuple("b", Kind.FALLBACK), tuple("b", Kind.RETRY), tuple("c", Kind.FALLBACK));
                })
                .verify();
        assertThat(a.calls() + b.calls() + c.calls()).isEqualTo(5);
    }

    @Test
    void spentBudgetEndsTheRequestAndSaysSo() {
        a.otherwise(fail(Errors.serverError()));
        LlmRouter router = routerOf(a, b).maxAttemptsPerRequest(2).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(AllProvidersFailed.class)
                        .hasMessageContaining("budget of 2 calls"))
                .verify();
        assertThat(b.calls()).isZero();
    }

    @Test
    void skipsDoNotSpendTheBudget() {
        LlmRouter router = routerOf(a, b).maxAttemptsPerRequest(1).build();
        router.disable("a");

        answeredBy(router, "b");
    }

    private static TestSubscriber<LlmResponse> inFlight(LlmRouter router) {
        TestSubscriber<LlmResponse> subscriber = TestSubscriber.create();
        router.generate(REQUEST).subscribe(subscriber);
        return subscriber;
    }

    private static void answeredBy(LlmRouter router, String provider) {
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo(provider))
                .verifyComplete();
    }
}
