package io.relay4j.core;

import static io.relay4j.core.AccountingTestKit.SCRIPTED_ANSWER_COST;
import static io.relay4j.core.AccountingTestKit.SCRIPTED_PRICES;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.internal.TokenEstimate;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.spi.BudgetStore;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.core.validation.OutputValidator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Issue 12 item 7: what the router records (events, meters, budgets) matches what the caller got; cancelled
 * and broken calls are charged what the vendor bills (estimated); budgets reserve a call's worst case.
 */
class LlmRouterAccountingTruthTest extends VirtualTimeScenario {

    private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(5);
    private static final HedgingConfig HEDGE_AFTER_1S =
            HedgingConfig.custom().fixedDelay(Duration.ofSeconds(1)).budgetFraction(1.0).build();

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BudgetStore store = BudgetStore.inMemory();

    private BudgetTracker budgetOf(String provider, BigDecimal usd) {
        return BudgetTracker.builder(BudgetConfig.custom().limit(provider, usd, BudgetPeriod.DAY).build())
                .store(store).clock(vts).build();
    }

    private BudgetWindow today(String provider) {
        return new BudgetWindow(provider, BudgetPeriod.DAY, BudgetPeriod.DAY.startOf(Instant.ofEpochMilli(vts.now(
                java.util.concurrent.TimeUnit.MILLISECONDS))));
    }

    private LlmRouter.Builder router(boolean hedged, LlmProvider... providers) {
        LlmRouter.Builder builder = routerOf(providers).pricing(SCRIPTED_PRICES).listener(events).meterRegistry(meters)
                .logging(false)
                .timeouts(TimeoutConfig.custom().attempt(REQUEST_DEADLINE).request(REQUEST_DEADLINE).build());
        return hedged ? builder.hedging(HEDGE_AFTER_1S) : builder;
    }

    private double requests(String outcome, String errorType) {
        return meters.find("relay4j.requests").tags("outcome", outcome, "error.type", errorType).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private RouterEvent.RequestFinished finished() {
        return events.of(RouterEvent.RequestFinished.class).get(0);
    }

    /** The review's finding 5.8: the request deadline fires after the answer arrived but before it was claimed. */
    @ParameterizedTest(name = "hedged={0}")
    @ValueSource(booleans = {false, true})
    void aSuccessOvertakenByTheRequestDeadlineIsATimeoutEverywhereAndChargedOnce(boolean hedged) {
        BudgetTracker budget = budgetOf("a", BigDecimal.ONE);
        // the answer is being checked when the deadline passes
        OutputValidator slowCheck = OutputValidator.of(text -> {
            vts.advanceTimeBy(REQUEST_DEADLINE);
            return Optional.empty();
        });
        LlmRouter router = router(hedged, a).budgets(budget).outputValidator(slowCheck).build();

        StepVerifier.create(router.generate(REQUEST))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(Timeout.class,
                        t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.REQUEST)))
                .verify();

        assertThat(finished().errorType()).hasValue(io.relay4j.core.error.ErrorType.TIMEOUT);
        assertThat(finished().servedBy()).isEmpty();
        List<RouterEvent.AttemptFinished> calls = events.of(RouterEvent.AttemptFinished.class);
        assertThat(calls).extracting(f -> f.attempt().outcome()).containsExactly(Outcome.CANCELLED);
        assertThat(requests("success", "")).isZero();
        assertThat(requests("failed", "timeout")).isEqualTo(1.0);
        Attempt charged = calls.get(0).attempt();
        assertThat(charged.cost()).as("the vendor bills the call").isPresent();
        assertThat(store.spent(today("a"))).as("charged once, what the attempt says")
                .isEqualByComparingTo(charged.cost().get());
        if (!hedged) {
            // the answer was in hand: its reported usage, not an estimate
            assertThat(charged.usage()).isEqualTo(Usage.of(10, 5));
            assertThat(charged.usageEstimated()).isFalse();
            assertThat(charged.cost()).hasValue(SCRIPTED_ANSWER_COST);
        }
        assertThat(store.reserved(today("a"))).as("the reservation was settled").isZero();
    }

    /** The other order: the answer claimed the outcome, then the deadline fired while it was being recorded. */
    @ParameterizedTest(name = "hedged={0}")
    @ValueSource(booleans = {false, true})
    void aDeadlineFiringWhileASuccessIsRecordedLeavesTheSuccessEverywhere(boolean hedged) {
        BudgetTracker budget = budgetOf("a", BigDecimal.ONE);
        AtomicBoolean fired = new AtomicBoolean();
        LlmRouter router = router(hedged, a).budgets(budget).listener(event -> {
            if (event instanceof RouterEvent.AttemptFinished finished && finished.attempt().won()
                    && fired.compareAndSet(false, true)) {
                vts.advanceTimeBy(REQUEST_DEADLINE);
            }
        }).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .verifyComplete();

        assertThat(fired).isTrue();
        assertThat(finished().servedBy()).hasValue("a");
        assertThat(requests("success", "")).isEqualTo(1.0);
        assertThat(requests("failed", "timeout")).isZero();
        assertThat(store.spent(today("a"))).isEqualByComparingTo(SCRIPTED_ANSWER_COST);
        assertThat(store.reserved(today("a"))).isZero();
    }

    /** The review's finding 5.6: a cancelled hedge loser carried Usage.NONE, no cost and no budget spend. */
    @Test
    void aCancelledHedgeLoserCarriesEstimatedUsageAndCostAndIsCharged() {
        a.then(answerAfter(Duration.ofSeconds(3), "slow a"));
        b.then(answerAfter(Duration.ofMillis(100), "fast b"));
        BudgetTracker budget = budgetOf("a", BigDecimal.ONE);
        LlmRouter router = router(true, a, b).budgets(budget).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(1100)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    Attempt loser = answer.attempts().get(0);
                    assertThat(loser.outcome()).isEqualTo(Outcome.CANCELLED);
                    assertThat(loser.usageEstimated()).isTrue();
                    long prompt = TokenEstimate.promptTokens(REQUEST);
                    assertThat(prompt).isPositive();
                    assertThat(loser.usage()).isEqualTo(Usage.of(prompt, 0));
                    assertThat(loser.cost()).hasValue(new BigDecimal("0.000002").multiply(BigDecimal.valueOf(prompt))
                            .stripTrailingZeros());
                    assertThat(store.spent(today("a"))).isEqualByComparingTo(loser.cost().get());
                    assertThat(answer.attempts().get(1).usageEstimated()).isFalse();
                })
                .verifyComplete();
        assertThat(store.reserved(today("a"))).isZero();
    }

    /** The review's finding 5.6: a stream broken after its commit point was charged nothing. */
    @Test
    void aStreamBrokenAfterItsCommitPointCarriesEstimatedUsageAndIsCharged() {
        a.then(ScriptedProvider.streamThenFail(Duration.ofMillis(100), RouterTestKit.resetAfterResponse(),
                "Hello ", "world"));
        BudgetTracker budget = budgetOf("a", BigDecimal.ONE);
        LlmRouter router = router(false, a).budgets(budget).streaming(StreamConfig.ofDefaults()).build();

        StepVerifier.create(router.stream(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectNextCount(2)
                .expectError(StreamInterrupted.class)
                .verify();

        Attempt broken = finishedAttempt();
        assertThat(broken.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(broken.usageEstimated()).isTrue();
        assertThat(broken.usage()).as("prompt estimate; 11 characters received, rounded up to 3 tokens")
                .isEqualTo(Usage.of(TokenEstimate.promptTokens(REQUEST), 3));
        assertThat(broken.cost()).isPresent();
        assertThat(store.spent(today("a"))).isEqualByComparingTo(broken.cost().get());
        assertThat(store.reserved(today("a"))).isZero();
    }

    private Attempt finishedAttempt() {
        return events.of(RouterEvent.AttemptFinished.class).get(0).attempt();
    }

    /**
     * The review's finding 5.7: the budget was checked before a call and charged after, so every call in flight
     * passed the check. Now each call reserves its worst case (prompt estimate + maxTokens at the output
     * price): 20 concurrent requests against a budget of three worst cases admit three calls, and even when
     * each costs its whole reservation the spend stays under the limit plus one reservation.
     */
    @Test
    void concurrentRequestsCannotOvershootABudgetByMoreThanOneReservation() {
        LlmRequest request = LlmRequest.builder().user(RouterTestKit.PROMPT).maxTokens(100).build();
        long prompt = TokenEstimate.promptTokens(request);
        Usage worstCase = Usage.of(prompt, 100);
        BigDecimal reservation = SCRIPTED_PRICES.priceOf("scripted", "scripted-model").orElseThrow().costOf(worstCase);
        BigDecimal limit = reservation.multiply(BigDecimal.valueOf(3));
        // each answer costs exactly its reservation: the worst case
        ScriptedProvider.Step slowWorstCase = (p, r) -> Mono.delay(Duration.ofSeconds(1))
                .thenMany(AccountingTestKit.answer("x", worstCase, "scripted-model").run(p, r));
        a.otherwise(slowWorstCase);
        BudgetTracker budget = budgetOf("a", limit);
        LlmRouter router = router(false, a, b).budgets(budget).build();

        StepVerifier.create(Flux.range(0, 20).flatMap(i -> router.generate(request), 20))
                .then(() -> assertThat(a.inFlight()).as("admitted while spent + reserved < limit").isEqualTo(3))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(2)))
                .expectNextCount(20)
                .verifyComplete();

        assertThat(a.maxInFlight()).isEqualTo(3);
        assertThat(a.calls()).isEqualTo(3);
        assertThat(b.calls()).isEqualTo(17);
        BigDecimal spent = store.spent(today("a"));
        assertThat(spent).isEqualByComparingTo(reservation.multiply(BigDecimal.valueOf(3)));
        assertThat(spent).as("the overshoot bound").isLessThanOrEqualTo(limit.add(reservation));
        assertThat(store.reserved(today("a"))).isZero();
    }
}
