package io.relay4j.core.internal.hedging;

import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.failAfter;
import static io.relay4j.core.testing.ScriptedProvider.hang;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.internal.strategy.LatencyWindow;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class HedgedRaceTest {

    private static final Duration DELAY = Duration.ofMillis(200);

    private final LlmRequest request = LlmRequest.of("hi");
    private final RaceRecorder recorder = new RaceRecorder();
    private final ScriptedProvider primary = ScriptedProvider.named("primary");
    private final ScriptedProvider backup = ScriptedProvider.named("backup");
    private final ScriptedProvider third = ScriptedProvider.named("third");

    @Test
    void slowPrimaryIsHedgedAfterTheDelayAndTheHedgeWins() {
        primary.then(answerAfter(Duration.ofSeconds(5), "slow"));
        backup.then(answerAfter(Duration.ofMillis(100), "fast"));

        StepVerifier.withVirtualTime(() -> race(fundedBudget(), 1, backup))
                .expectSubscription()
                .thenAwait(DELAY.minusMillis(1))
                .then(() -> assertThat(backup.calls()).isZero())
                .thenAwait(Duration.ofMillis(1))
                .then(() -> assertThat(backup.calls()).isEqualTo(1))
                .thenAwait(Duration.ofMillis(100))
                .assertNext(answer -> assertThat(answer.content()).isEqualTo("fast"))
                .verifyComplete();

        assertThat(primary.cancellations()).isEqualTo(1);
        assertThat(backup.cancellations()).isZero();
        assertThat(recorder.summary()).containsExactly("primary:PRIMARY:CANCELLED", "backup:HEDGE:SUCCESS:won");
        assertThat(recorder.of("backup").elapsed()).isEqualTo(Duration.ofMillis(100));
        assertThat(recorder.of("primary").elapsed()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void primaryAnsweringBeforeTheDelayFiresNoHedgeAndSpendsNoBudget() {
        primary.then(answerAfter(Duration.ofMillis(150), "quick"));
        HedgeBudget budget = fundedBudget();

        StepVerifier.withVirtualTime(() -> race(budget, 1, backup))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(150))
                .assertNext(answer -> assertThat(answer.content()).isEqualTo("quick"))
                .verifyComplete();

        assertThat(backup.calls()).isZero();
        assertThat(budget.available()).isEqualTo(1);
        assertThat(recorder.summary()).containsExactly("primary:PRIMARY:SUCCESS:won");
    }

    @Test
    void primaryWinsWhenItAnswersBeforeTheHedgeAndTheHedgeIsCancelled() {
        primary.then(answerAfter(Duration.ofMillis(250), "primary"));
        backup.then(answerAfter(Duration.ofSeconds(1), "backup"));

        StepVerifier.withVirtualTime(() -> race(fundedBudget(), 1, backup))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(250))
                .assertNext(answer -> assertThat(answer.content()).isEqualTo("primary"))
                .verifyComplete();

        assertThat(backup.cancellations()).isEqualTo(1);
        assertThat(recorder.summary()).containsExactly("backup:HEDGE:CANCELLED", "primary:PRIMARY:SUCCESS:won");
    }

    @Test
    void failingHedgeDoesNotFailTheRequestWhileThePrimaryCanStillAnswer() {
        primary.then(answerAfter(Duration.ofMillis(600), "primary"));
        backup.then(failAfter(Duration.ofMillis(50), Errors.serverError()));

        StepVerifier.withVirtualTime(() -> race(fundedBudget(), 1, backup))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(600))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("primary"))
                .verifyComplete();

        assertThat(recorder.summary()).containsExactly("backup:HEDGE:FAILED", "primary:PRIMARY:SUCCESS:won");
        assertThat(recorder.of("backup").error()).containsInstanceOf(ServerError.class);
    }

    @Test
    void failingPrimaryLeavesTheRaceToTheHedge() {
        primary.then(failAfter(Duration.ofMillis(300), Errors.serverError()));
        backup.then(answerAfter(Duration.ofMillis(500), "backup"));

        StepVerifier.withVirtualTime(() -> race(fundedBudget(), 1, backup))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(700))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("backup"))
                .verifyComplete();

        assertThat(recorder.summary()).containsExactly("primary:PRIMARY:FAILED", "backup:HEDGE:SUCCESS:won");
    }

    @Test
    void primaryFailingBeforeTheDelayFailsTheRaceAtOnceWithoutHedging() {
        primary.then(failAfter(Duration.ofMillis(50), Errors.serverError()));

        StepVerifier.withVirtualTime(() -> race(fundedBudget(), 1, backup))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(50))
                .expectError(ServerError.class)
                .verify();

        assertThat(backup.calls()).isZero();
    }

    @Test
    void raceFailsWithTheLastFailureWhenEveryCallFailed() {
        primary.then(failAfter(Duration.ofMillis(400), Errors.serverError()));
        backup.then(failAfter(Duration.ofMillis(300), Errors.overloaded()));

        StepVerifier.withVirtualTime(() -> race(fundedBudget(), 1, backup))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(500))
                .expectErrorSatisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo("Overloaded"))
                .verify();

        assertThat(recorder.summary()).containsExactly("primary:PRIMARY:FAILED", "backup:HEDGE:FAILED");
    }

    @Test
    void emptyBudgetRefusesTheHedge() {
        primary.then(answerAfter(Duration.ofSeconds(2), "slow"));

        StepVerifier.withVirtualTime(() -> race(new HedgeBudget(0.05, 10), 1, backup))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("primary"))
                .verifyComplete();

        assertThat(backup.calls()).isZero();
    }

    @Test
    void budgetRefusesHedgesPastItsFractionOfRequests() {
        primary.otherwise(answerAfter(Duration.ofSeconds(1), "slow"));
        backup.otherwise(answerAfter(Duration.ofMillis(10), "fast"));
        HedgeBudget budget = new HedgeBudget(0.1, 10);

        int hedged = 0;
        for (int i = 0; i < 50; i++) {
            budget.onRequest();
            int before = backup.calls();
            StepVerifier.withVirtualTime(() -> race(budget, 1, backup))
                    .expectSubscription()
                    .thenAwait(Duration.ofSeconds(1))
                    .expectNextCount(1)
                    .verifyComplete();
            hedged += backup.calls() - before;
        }

        assertThat(hedged).isEqualTo(5);
        assertThat(primary.cancellations()).isEqualTo(5);
    }

    @Test
    void severalHedgesFireOneDelayApartAndTheFirstAnswerWins() {
        primary.then(hang());
        backup.then(hang());
        third.then(answerAfter(Duration.ofMillis(50), "third"));

        StepVerifier.withVirtualTime(() -> race(fundedBudget(2), 2, backup, third))
                .expectSubscription()
                .thenAwait(DELAY)
                .then(() -> assertThat(backup.calls()).isEqualTo(1))
                .then(() -> assertThat(third.calls()).isZero())
                .thenAwait(DELAY)
                .then(() -> assertThat(third.calls()).isEqualTo(1))
                .thenAwait(Duration.ofMillis(50))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("third"))
                .verifyComplete();

        assertThat(primary.cancellations()).isEqualTo(1);
        assertThat(backup.cancellations()).isEqualTo(1);
        assertThat(recorder.of("third").won()).isTrue();
        assertThat(recorder.of("third").kind()).isEqualTo(Kind.HEDGE);
    }

    @Test
    void noProviderLeftToHedgeToReturnsTheBudgetToken() {
        primary.then(answerAfter(Duration.ofSeconds(1), "slow"));
        HedgeBudget budget = fundedBudget();

        StepVerifier.withVirtualTime(() -> race(budget, 1))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .expectNextCount(1)
                .verifyComplete();

        assertThat(budget.available()).isEqualTo(1);
    }

    @Test
    void callerCancellingEndsEveryCall() {
        primary.then(hang());
        backup.then(hang());

        StepVerifier.withVirtualTime(() -> race(fundedBudget(), 1, backup))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .thenCancel()
                .verify();

        assertThat(primary.cancellations()).isEqualTo(1);
        assertThat(backup.cancellations()).isEqualTo(1);
        assertThat(recorder.summary()).containsExactlyInAnyOrder("primary:PRIMARY:CANCELLED",
                "backup:HEDGE:CANCELLED");
    }

    @Test
    void percentileDelayHedgesAtThePrimarysObservedP95() {
        LatencyWindow primaryLatencies = new LatencyWindow(128);
        for (int i = 1; i <= 100; i++) {
            primaryLatencies.record(Duration.ofMillis(4L * i));
        }
        HedgingConfig config = HedgingConfig.custom().percentileDelay(95, Duration.ofMillis(50), Duration.ofSeconds(2))
                .build();
        Duration delay = new HedgeDelay(config).forSamples(primaryLatencies);
        primary.then(hang());
        backup.then(answerAfter(Duration.ofMillis(20), "backup"));

        StepVerifier.withVirtualTime(() -> HedgedRace.firstToAnswer(lane(primary, Kind.PRIMARY),
                        source(List.of(backup)), new HedgedRace.Plan(delay, 1, fundedBudget()), recorder))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(379))
                .then(() -> assertThat(backup.calls()).isZero())
                .thenAwait(Duration.ofMillis(1))
                .then(() -> assertThat(backup.calls()).isEqualTo(1))
                .thenAwait(Duration.ofMillis(20))
                .expectNextCount(1)
                .verifyComplete();
    }

    private Mono<LlmResponse> race(HedgeBudget budget, int maxHedges, ScriptedProvider... hedges) {
        return HedgedRace.firstToAnswer(lane(primary, Kind.PRIMARY), source(List.of(hedges)),
                new HedgedRace.Plan(DELAY, maxHedges, budget), recorder);
    }

    private HedgedRace.Lane<LlmResponse> lane(ScriptedProvider provider, Kind kind) {
        return new HedgedRace.Lane<>(provider.name(), kind, provider.generate(request));
    }

    private HedgedRace.HedgeSource<LlmResponse> source(List<ScriptedProvider> hedges) {
        Deque<ScriptedProvider> left = new ArrayDeque<>(hedges);
        return () -> Optional.ofNullable(left.poll()).map(p -> lane(p, Kind.HEDGE));
    }

    private static HedgeBudget fundedBudget() {
        return fundedBudget(1);
    }

    /** A budget holding exactly {@code hedges} hedges. */
    static HedgeBudget fundedBudget(int hedges) {
        HedgeBudget budget = new HedgeBudget(1.0, hedges);
        for (int i = 0; i < hedges; i++) {
            budget.onRequest();
        }
        return budget;
    }
}
