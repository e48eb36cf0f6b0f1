package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** Per-attempt and per-request deadlines, and cancellation reaching the call in flight. */
@BothRoutingPaths
class LlmRouterTimeoutTest extends VirtualTimeScenario {

    private static final TimeoutConfig TIMEOUTS = TimeoutConfig.custom()
            .attempt(Duration.ofSeconds(10)).request(Duration.ofSeconds(15)).build();

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();

    @Test
    void silentProviderTimesOutAndTheRequestFallsOver() {
        a.then(hang());
        LlmRouter router = routerOf(a, b).timeouts(TIMEOUTS).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(9999)))
                .then(() -> assertThat(b.calls()).isZero())
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(1)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    Attempt first = answer.attempts().get(0);
                    assertThat(first.errorType()).contains(ErrorType.TIMEOUT);
                    assertThat(first.latency()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(first.error()).get().isInstanceOfSatisfying(Timeout.class,
                            t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.ATTEMPT));
                })
                .verifyComplete();
        assertThat(a.cancellations()).as("the silent call is cancelled").isEqualTo(1);
        assertThat(a.inFlight()).isZero();
        assertThat(a.calls()).as("never retried in place").isEqualTo(1);
        assertThat(router.health("a").state()).as("one timeout is noise").isEqualTo(HealthState.HEALTHY);
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(1);
        assertThat(router.health("a").lastError()).contains(ErrorType.TIMEOUT);
    }

    @Test
    void requestDeadlineEndsTheRequestAndCancelsTheCallInFlight() {
        a.then(hang());
        b.then(hang());
        LlmRouter router = routerOf(a, b).timeouts(TIMEOUTS).listener(events).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(15)))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOfSatisfying(Timeout.class,
                            t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.REQUEST));
                    assertThat(error.getSuppressed()).singleElement().isInstanceOf(Timeout.class);
                })
                .verify();
        assertThat(b.calls()).isEqualTo(1);
        assertThat(b.cancellations()).isEqualTo(1);
        assertThat(b.inFlight()).isZero();
        RouterEvent.RequestFinished finished = events.of(RouterEvent.RequestFinished.class).get(0);
        assertThat(finished.errorType()).contains(ErrorType.TIMEOUT);
        assertThat(finished.total()).isEqualTo(Duration.ofSeconds(15));
        assertThat(finished.attempts()).extracting(Attempt::provider, Attempt::outcome)
                .containsExactly(tuple("a", Outcome.FAILED), tuple("b", Outcome.CANCELLED));
    }

    @Test
    void requestDeadlineAlsoCutsAnInPlaceRetryWait() {
        a.then(fail(Errors.rateLimited(Duration.ofSeconds(2))));
        LlmRouter router = routerOf(a, b)
                .timeouts(TimeoutConfig.custom().attempt(Duration.ofSeconds(1)).request(Duration.ofSeconds(1)).build())
                .build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectError(Timeout.class)
                .verify();
        vts.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(a.calls()).isEqualTo(1);
        assertThat(b.calls()).isZero();
    }

    @Test
    void cancellingTheCallerCancelsTheProviderCallInFlight() {
        a.then(hang());
        LlmRouter router = routerOf(a, b).listener(events).build();

        Disposable subscription = router.generate(REQUEST).subscribe();
        assertThat(a.inFlight()).isEqualTo(1);
        subscription.dispose();

        assertThat(a.cancellations()).isEqualTo(1);
        assertThat(a.inFlight()).isZero();
        assertThat(b.calls()).isZero();
        assertThat(events.of(RouterEvent.AttemptFinished.class)).extracting(e -> e.attempt().outcome())
                .containsExactly(Outcome.CANCELLED);
        RouterEvent.RequestFinished finished = events.of(RouterEvent.RequestFinished.class).get(0);
        assertThat(finished.servedBy()).isEmpty();
        assertThat(finished.errorType()).isEmpty();
        assertThat(finished.attempts()).extracting(Attempt::outcome).containsExactly(Outcome.CANCELLED);
    }

    @Test
    void cancellingTheCallerDuringAnInPlaceRetryWaitMakesNoFurtherCall() {
        a.then(fail(Errors.rateLimited(Duration.ofSeconds(2)))).then(answerAfter(Duration.ZERO, "too late"));
        LlmRouter router = routerOf(a, b).listener(events).timeouts(TIMEOUTS).build();

        Disposable subscription = router.generate(REQUEST).subscribe();
        vts.advanceTimeBy(Duration.ofSeconds(1));
        subscription.dispose();
        vts.advanceTimeBy(Duration.ofSeconds(30));

        assertThat(a.calls()).isEqualTo(1);
        assertThat(b.calls()).isZero();
        assertThat(a.inFlight()).isZero();
        RouterEvent.RequestFinished finished = events.of(RouterEvent.RequestFinished.class).get(0);
        assertThat(finished.errorType()).isEmpty();
        assertThat(finished.attempts()).extracting(Attempt::provider, Attempt::outcome)
                .containsExactly(tuple("a", Outcome.FAILED));
        assertThat(events.of(RouterEvent.RequestFinished.class)).hasSize(1);
    }

    @Test
    void anAnswerAfterTheRequestDeadlineIsNotDeliveredAndTheDeadlineErrorIsTheOnlySignal() {
        a.then(answerAfter(Duration.ofSeconds(20), "late"));
        LlmRouter router = routerOf(a).listener(events)
                .timeouts(TimeoutConfig.custom().attempt(Duration.ofSeconds(30)).request(Duration.ofSeconds(5)).build())
                .build();

        StepVerifier.create(router.generate(REQUEST))
                .expectSubscription()
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(4)))
                .then(() -> assertThat(a.cancellations()).isZero())
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectError(Timeout.class)
                .verifyThenAssertThat()
                .hasNotDroppedElements();
        vts.advanceTimeBy(Duration.ofSeconds(30));

        assertThat(a.cancellations()).isEqualTo(1);
        assertThat(events.of(RouterEvent.RequestFinished.class)).singleElement()
                .satisfies(finished -> assertThat(finished.errorType()).contains(ErrorType.TIMEOUT));
    }

    @Test
    void cancelledProbeLetsTheNextRequestProbe() {
        a.then(fail(Errors.banned())).then(hang()).then(answerAfter(Duration.ZERO, "recovered"));
        LlmRouter router = routerOf(a, b).build();
        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();
        vts.advanceTimeBy(Duration.ofMinutes(10));

        Disposable probe = router.generate(REQUEST).subscribe();
        assertThat(a.calls()).isEqualTo(2);
        probe.dispose();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.content()).isEqualTo("recovered"))
                .verifyComplete();
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }
}
