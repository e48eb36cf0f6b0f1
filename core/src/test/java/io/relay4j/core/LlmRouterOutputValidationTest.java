package io.relay4j.core;

import static io.relay4j.core.AccountingTestKit.SCRIPTED_ANSWER_COST;
import static io.relay4j.core.AccountingTestKit.SCRIPTED_PRICES;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answer;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.core.validation.OutputValidator;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Answers checked by an output validator: a rejected answer fails its attempt and the request falls over. */
@BothRoutingPaths
class LlmRouterOutputValidationTest extends VirtualTimeScenario {

    private static final OutputValidator JSON_OBJECT =
            OutputValidator.of(text -> text.startsWith("{"), "the answer is not a JSON object");

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final ScriptedProvider c = ScriptedProvider.named("c");

    @Test
    void rejectedAnswerFallsOverAndItsAttemptSaysWhy() {
        a.then(answer("Sure! Here it is"));
        b.then(answer("{\"ok\":true}"));
        LlmRouter router = routerOf(a, b).outputValidator(JSON_OBJECT).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("b");
                    assertThat(response.content()).isEqualTo("{\"ok\":true}");
                    Attempt rejected = response.attempts().get(0);
                    assertThat(rejected.outcome()).isEqualTo(Outcome.FAILED);
                    assertThat(rejected.errorType()).contains(ErrorType.INVALID_OUTPUT);
                    assertThat(rejected.error()).get().isInstanceOf(InvalidOutput.class);
                    assertThat(rejected.detail()).get().asString().contains("the answer is not a JSON object");
                    assertThat(rejected.detail()).get().asString().doesNotContain("Sure!");
                    assertThat(rejected.usage()).isEqualTo(Usage.of(10, 5));
                    assertThat(response.attempts().get(1).outcome()).isEqualTo(Outcome.SUCCESS);
                })
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
    }

    @Test
    void rejectedAnswerKeepsItsCostAndIsChargedToTheBudget() {
        a.then(answer("not json"));
        b.then(answer("{}"));
        BudgetTracker tracker = BudgetTracker.of(BudgetConfig.custom()
                .limit("a", new BigDecimal("1"), BudgetPeriod.DAY).build());
        LlmRouter router = routerOf(a, b).pricing(SCRIPTED_PRICES).budgets(tracker).outputValidator(JSON_OBJECT)
                .build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> {
                    assertThat(response.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::cost)
                            .containsExactly(tuple("a", Outcome.FAILED, Optional.of(SCRIPTED_ANSWER_COST)),
                                    tuple("b", Outcome.SUCCESS, Optional.of(SCRIPTED_ANSWER_COST)));
                    assertThat(response.cost()).contains(SCRIPTED_ANSWER_COST);
                })
                .verifyComplete();
        assertThat(tracker.status()).singleElement()
                .satisfies(status -> assertThat(status.spentUsd()).isEqualByComparingTo(SCRIPTED_ANSWER_COST));
    }

    @Test
    void rejectedAnswersExhaustingTheAttemptBudgetEndInAllProvidersFailed() {
        a.otherwise(answer("plain a"));
        b.otherwise(answer("plain b"));
        LlmRouter router = routerOf(a, b, c).outputValidator(JSON_OBJECT).maxAttemptsPerRequest(2).build();

        StepVerifier.create(router.generate(REQUEST))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(AllProvidersFailed.class)
                            .hasMessageContaining("budget of 2 calls is spent")
                            .hasMessageContaining("a: invalid_output")
                            .hasMessageNotContaining("plain");
                    assertThat(((AllProvidersFailed) error).attempts())
                            .extracting(Attempt::provider, Attempt::errorType)
                            .containsExactly(tuple("a", Optional.of(ErrorType.INVALID_OUTPUT)),
                                    tuple("b", Optional.of(ErrorType.INVALID_OUTPUT)));
                })
                .verify();
        assertThat(c.calls()).isZero();
    }

    @Test
    void rejectedAnswersNeverCoolTheProviderDown() {
        RouterTestKit.Recorder recorder = new RouterTestKit.Recorder();
        a.then(answer("plain"));
        b.then(answer("{}"));
        LlmRouter router = routerOf(a, b).outputValidator(JSON_OBJECT).listener(recorder).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();

        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(recorder.of(RouterEvent.StateTransition.class)).isEmpty();
        a.then(answer("{}"));
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.provider()).isEqualTo("a"))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(2);
    }

    @Test
    void inAHedgedRaceARejectedAnswerLosesAndTheHedgeStillRunsToItsAnswer() {
        a.then(answerAfter(Duration.ofMillis(500), "plain a"));
        b.then(answerAfter(Duration.ofMillis(400), "{\"from\":\"b\"}"));
        LlmRouter router = routerOf(a, b).outputValidator(JSON_OBJECT)
                .hedging(HedgingConfig.custom().fixedDelay(Duration.ofMillis(300)).budgetFraction(1.0).build())
                .build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(500)))
                .then(() -> assertThat(b.cancellations()).isZero())
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(200)))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("b");
                    assertThat(response.latency()).isEqualTo(Duration.ofMillis(700));
                    assertThat(response.attempts()).extracting(Attempt::provider, Attempt::kind, Attempt::errorType)
                            .containsExactly(tuple("a", Kind.PRIMARY, Optional.of(ErrorType.INVALID_OUTPUT)),
                                    tuple("b", Kind.HEDGE, Optional.empty()));
                })
                .verifyComplete();
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void aRequestsOwnValidatorReplacesTheRoutersDefault() {
        OutputValidator fromB = OutputValidator.of(text -> text.endsWith("from b"), "not from b");
        LlmRouter router = routerOf(a, b).outputValidator(JSON_OBJECT).build();

        StepVerifier.create(router.generate(REQUEST, fromB))
                .assertNext(response -> {
                    assertThat(response.content()).isEqualTo("ok from b");
                    assertThat(response.attempts().get(0).detail()).get().asString().contains("not from b");
                })
                .verifyComplete();
    }

    @Test
    void withoutAValidatorEveryAnswerIsAccepted() {
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> assertThat(response.content()).isEqualTo("ok from a"))
                .verifyComplete();
    }
}
