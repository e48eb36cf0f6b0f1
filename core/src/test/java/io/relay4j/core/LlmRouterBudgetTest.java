package io.relay4j.core;

import static io.relay4j.core.AccountingTestKit.SCRIPTED_ANSWER_COST;
import static io.relay4j.core.AccountingTestKit.SCRIPTED_PRICES;
import static io.relay4j.core.RouterTestKit.BACKOFF;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.Attempt.SkipReason;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.metrics.RouterMeterNames;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Spending budgets per provider: an over-budget provider is skipped without a call until its period ends. */
@BothRoutingPaths
class LlmRouterBudgetTest extends VirtualTimeScenario {

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");

    /** One scripted answer spends the whole of a's daily budget. */
    private final BudgetConfig oneAnswerADay = BudgetConfig.custom()
            .limit("a", SCRIPTED_ANSWER_COST, BudgetPeriod.DAY)
            .build();

    @Test
    void providerThatSpentItsBudgetIsSkippedWithoutACallUntilTheNextDay() {
        RouterTestKit.Recorder recorder = new RouterTestKit.Recorder();
        LlmRouter router = routerOf(a, b).pricing(SCRIPTED_PRICES).budgets(oneAnswerADay).listener(recorder).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.provider()).isEqualTo("a"))
                .verifyComplete();
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("b");
                    assertThat(response.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::skipReason)
                            .containsExactly(tuple("a", Outcome.SKIPPED, Optional.of(SkipReason.OVER_BUDGET)),
                                    tuple("b", Outcome.SUCCESS, Optional.empty()));
                })
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(recorder.of(RouterEvent.Fallback.class)).singleElement()
                .satisfies(fallback -> assertThat(fallback.reason()).isEqualTo("over_budget"));

        vts.advanceTimeBy(Duration.ofDays(1));

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.provider()).isEqualTo("a"))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(2);
    }

    @Test
    void budgetSkipsAreFreeOfTheAttemptBudget() {
        BudgetTracker tracker = BudgetTracker.of(oneAnswerADay);
        tracker.record("a", SCRIPTED_ANSWER_COST);
        LlmRouter router = routerOf(a, b).maxAttemptsPerRequest(1).budgets(tracker).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.provider()).isEqualTo("b"))
                .verifyComplete();
        assertThat(a.calls()).isZero();
    }

    @Test
    void whenEveryProviderIsOverBudgetTheRequestFailsUntried() {
        BudgetTracker tracker = BudgetTracker.of(oneAnswerADay);
        tracker.record("a", SCRIPTED_ANSWER_COST);
        LlmRouter router = routerOf(a).budgets(tracker).build();

        StepVerifier.create(router.generate(REQUEST))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(AllProvidersFailed.class).hasMessageContaining("a: skipped over_budget");
                    assertThat(((AllProvidersFailed) error).attempts()).extracting(Attempt::skipReason)
                            .containsExactly(Optional.of(SkipReason.OVER_BUDGET));
                })
                .verify();
        assertThat(a.calls()).isZero();
    }

    @Test
    void panicModeNeverPicksAnOverBudgetProvider() {
        a.then(fail(Errors.rateLimited(Duration.ofSeconds(10)))); // a cools down for 10 s
        b.then(fail(Errors.banned()));                            // b cools down for long
        BudgetTracker tracker = BudgetTracker.of(oneAnswerADay);
        LlmRouter router = routerOf(a, b).budgets(tracker).build();
        StepVerifier.create(router.generate(REQUEST)).expectError(AllProvidersFailed.class).verify();
        tracker.record("a", SCRIPTED_ANSWER_COST);

        // a would recover first, but it has spent its budget: panic mode goes to b
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("b");
                    assertThat(response.attempts()).extracting(Attempt::provider, Attempt::skipReason)
                            .containsExactly(tuple("a", Optional.of(SkipReason.OVER_BUDGET)),
                                    tuple("b", Optional.of(SkipReason.COOLING_DOWN)),
                                    tuple("b", Optional.empty()));
                })
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
    }

    @Test
    void inPlaceRetryOfAProviderThatSpentItsBudgetMeanwhileIsSkipped() {
        a.then(fail(Errors.serverError()));
        BudgetTracker tracker = BudgetTracker.of(oneAnswerADay);
        LlmRouter router = routerOf(a, b).budgets(tracker).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> tracker.record("a", SCRIPTED_ANSWER_COST)) // another request spends it during the wait
                .then(() -> vts.advanceTimeBy(BACKOFF))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("b");
                    assertThat(response.attempts()).extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                            .containsExactly(tuple("a", Kind.PRIMARY, Outcome.FAILED),
                                    tuple("a", Kind.RETRY, Outcome.SKIPPED),
                                    tuple("b", Kind.FALLBACK, Outcome.SUCCESS));
                    assertThat(response.attempts().get(1).skipReason()).contains(SkipReason.OVER_BUDGET);
                })
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void meterRegistryPublishesTheBudgetsSpending() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmRouter router = routerOf(a).pricing(SCRIPTED_PRICES).budgets(oneAnswerADay).meterRegistry(registry).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();

        assertThat(registry.get(RouterMeterNames.BUDGET_SPENT.getName()).tag("provider", "a").gauge().value())
                .isEqualTo(SCRIPTED_ANSWER_COST.doubleValue());
        assertThat(registry.get(RouterMeterNames.BUDGET_SPENT_RATIO.getName()).gauge().value()).isEqualTo(1.0);
    }

    private static ProviderOptions oneAnswerADayOption() {
        return ProviderOptions.custom().budget(SCRIPTED_ANSWER_COST, BudgetPeriod.DAY).build();
    }

    @Test
    void providerAddedAtRunTimeWithABudgetIsSkippedOverBudgetOnceItSpentIt() {
        LlmRouter router = routerOf(b).pricing(SCRIPTED_PRICES).build();
        router.addProvider(a, oneAnswerADayOption());
        router.disable("b");

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.provider()).isEqualTo("a"))
                .verifyComplete();
        StepVerifier.create(router.generate(REQUEST))
                .expectErrorSatisfies(error -> assertThat(((AllProvidersFailed) error).attempts())
                        .filteredOn(attempt -> attempt.provider().equals("a"))
                        .extracting(Attempt::outcome, Attempt::skipReason)
                        .containsExactly(tuple(Outcome.SKIPPED, Optional.of(SkipReason.OVER_BUDGET))))
                .verify();
        assertThat(a.calls()).isEqualTo(1);

        vts.advanceTimeBy(Duration.ofDays(1));

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.provider()).isEqualTo("a"))
                .verifyComplete();
    }

    @Test
    void providerBuiltWithABudgetInItsOptionsIsSkippedOverBudgetOnceItSpentIt() {
        LlmRouter router = routerOf().provider(a, oneAnswerADayOption()).provider(b).pricing(SCRIPTED_PRICES).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.provider()).isEqualTo("a"))
                .verifyComplete();
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.attempts())
                        .extracting(Attempt::provider, Attempt::outcome, Attempt::skipReason)
                        .containsExactly(tuple("a", Outcome.SKIPPED, Optional.of(SkipReason.OVER_BUDGET)),
                                tuple("b", Outcome.SUCCESS, Optional.empty())))
                .verifyComplete();
    }

    @Test
    void aBudgetSetBothInTheOptionsAndInTheRoutersConfigIsRefusedNamingProviderAndPeriod() {
        assertThatThrownBy(() -> routerOf().provider(a, oneAnswerADayOption()).budgets(oneAnswerADay).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider a already has a day budget");

        LlmRouter router = routerOf(b).budgets(oneAnswerADay).build();
        assertThatThrownBy(() -> router.addProvider(a, oneAnswerADayOption()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider a already has a day budget")
                .hasMessageContaining("either in its ProviderOptions or in the router's BudgetConfig");
        assertThat(router.providerNames()).containsExactly("b");
    }

    @Test
    void removingAProviderTakesItsOwnBudgetsAwaySoItCanBeAddedAgainWithoutLosingWhatItSpent() {
        BudgetTracker tracker = BudgetTracker.of(BudgetConfig.ofDefaults());
        LlmRouter router = routerOf(b).pricing(SCRIPTED_PRICES).budgets(tracker).build();
        router.addProvider(a, oneAnswerADayOption());
        tracker.record("a", SCRIPTED_ANSWER_COST);

        router.removeProvider("a");
        assertThat(tracker.limits()).isEmpty();
        router.addProvider(a, oneAnswerADayOption());

        assertThat(tracker.allows("a")).isFalse();
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.provider()).isEqualTo("b"))
                .verifyComplete();
        assertThat(a.calls()).isZero();
    }

    @Test
    void aBudgetOfAProviderAddedAtRunTimeGetsItsGauges() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmRouter router = routerOf(b).pricing(SCRIPTED_PRICES).meterRegistry(registry).build();
        router.addProvider(a, oneAnswerADayOption());
        router.disable("b");

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();

        assertThat(registry.get(RouterMeterNames.BUDGET_SPENT.getName()).tag("provider", "a").tag("period", "day")
                .gauge().value()).isEqualTo(SCRIPTED_ANSWER_COST.doubleValue());
        assertThat(registry.get(RouterMeterNames.BUDGET_SPENT_RATIO.getName()).tag("provider", "a").gauge().value())
                .isEqualTo(1.0);
    }
}
