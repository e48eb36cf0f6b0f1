package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.failAfter;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * Review finding 1 (2026-11-30): a raced call that failed with a retry-in-place decision while another call
 * of its race ran on was never retried and never reached its provider's health, so a half-open provider
 * kept its probe forever (skipped until panic mode or a manual enable) and a healthy one's fault was lost.
 * Every call of a race now reaches health: a dropped failure counts as a fall-over, a cancelled call hands
 * its probe back.
 */
class HedgedRaceHealthRegressionTest extends VirtualTimeScenario {

    private static final Duration DELAY = Duration.ofMillis(300);
    private static final HedgingConfig HEDGE_AFTER_300MS = HedgingConfig.custom().fixedDelay(DELAY).budgetFraction(1.0)
            .build();
    /** The first cooldown of a backoff fault, and the second (a failed probe). */
    private static final Duration FIRST_COOLDOWN = Duration.ofSeconds(2);
    private static final Duration SECOND_COOLDOWN = Duration.ofSeconds(4);

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();

    private static Function<String, LlmException> unavailable() {
        return p -> new ServerError("service unavailable", ErrorDetails.of(p).withStatus(503));
    }

    private LlmRouter hedgedRouter() {
        // about what a race does to health once a fault counts, not when noise ejects: every fault ejects
        return RouterTestKit.routerOf(a, b).hedging(HEDGE_AFTER_300MS).streaming(StreamConfig.ofDefaults())
                .outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).listener(events).logging(false).build();
    }

    /** Puts "a" half-open: one request's malformed answer cools it down, then the cooldown passes. */
    private void halfOpen(LlmRouter router) {
        a.then(fail(Errors.malformed()));
        assertThat(answer(router).provider()).isEqualTo("b");
        vts.advanceTimeBy(FIRST_COOLDOWN);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HALF_OPEN);
    }

    private LlmResponse answer(LlmRouter router) {
        LlmResponse[] answer = new LlmResponse[1];
        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .consumeNextWith(r -> answer[0] = r)
                .verifyComplete();
        return answer[0];
    }

    private String streamedBy(LlmRouter router) {
        String[] provider = new String[1];
        StepVerifier.create(router.stream(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .thenConsumeWhile(chunk -> true, chunk -> chunk.provider().ifPresent(p -> provider[0] = p))
                .verifyComplete();
        return provider[0];
    }

    @Test
    void halfOpenPrimaryFailingAfterTheHedgeFiredIsProbedAgainOnceTheHedgeWon() {
        LlmRouter router = hedgedRouter();
        halfOpen(router);
        a.then(failAfter(Duration.ofMillis(500), unavailable()));
        b.then(answerAfter(Duration.ofMillis(400), "hedge"));

        LlmResponse won = answer(router);

        assertThat(won.provider()).isEqualTo("b");
        assertThat(router.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(router.health("a").cooldownRemaining()).isPresent();
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(2);
        vts.advanceTimeBy(SECOND_COOLDOWN);
        int callsBefore = a.calls();
        assertThat(answer(router).provider()).isEqualTo("a");
        assertThat(a.calls()).isEqualTo(callsBefore + 1);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void halfOpenPrimaryStreamFailingAfterTheHedgeFiredIsProbedAgainOnceTheHedgeWon() {
        LlmRouter router = hedgedRouter();
        halfOpen(router);
        a.then(failAfter(Duration.ofMillis(500), unavailable()));
        b.then(streamOf(Duration.ofMillis(400), "hedge"));

        assertThat(streamedBy(router)).isEqualTo("b");

        assertThat(router.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(2);
        vts.advanceTimeBy(SECOND_COOLDOWN);
        a.then(streamOf(Duration.ofMillis(10), "probe"));
        assertThat(streamedBy(router)).isEqualTo("a");
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void healthyPrimaryFailingAfterTheHedgeFiredHasItsFaultCountedWhenTheHedgeWins() {
        LlmRouter router = hedgedRouter();
        a.then(failAfter(Duration.ofMillis(500), unavailable()));
        b.then(answerAfter(Duration.ofMillis(400), "hedge"));

        assertThat(answer(router).provider()).isEqualTo("b");

        assertThat(router.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
        // the cooldown runs from the failure at 500 ms; answer() has advanced the clock to 1 s
        assertThat(router.health("a").cooldownRemaining()).contains(FIRST_COOLDOWN.minusMillis(500));
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(1);
        assertThat(router.health("a").lastError()).contains(ErrorType.SERVER_ERROR);
    }

    @Test
    void healthyPrimaryStreamFailingAfterTheHedgeFiredHasItsFaultCountedWhenTheHedgeWins() {
        LlmRouter router = hedgedRouter();
        a.then(failAfter(Duration.ofMillis(500), unavailable()));
        b.then(streamOf(Duration.ofMillis(400), "hedge"));

        assertThat(streamedBy(router)).isEqualTo("b");

        assertThat(router.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void halfOpenPrimaryWaitingToRetryAfterItsRaceFailedHandsItsProbeBackWhenTheCallerCancels() {
        LlmRouter router = hedgedRouter();
        halfOpen(router);
        // the hedge fails first and is dropped; the probe fails last, so the request waits to retry it
        a.then(failAfter(Duration.ofMillis(500), unavailable()));
        b.then(failAfter(Duration.ofMillis(50), unavailable()));

        Disposable request = router.generate(REQUEST).subscribe(r -> { }, e -> { });
        vts.advanceTimeBy(Duration.ofMillis(600));
        assertThat(a.calls()).isEqualTo(2);
        request.dispose();

        assertThat(router.health("a").state()).isEqualTo(HealthState.HALF_OPEN);
        assertThat(router.health("b").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(answer(router).provider()).isEqualTo("a");
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void halfOpenPrimaryCancelledBecauseTheHedgeWonHandsItsProbeBackWithoutAFault() {
        LlmRouter router = hedgedRouter();
        halfOpen(router);
        a.then(answerAfter(Duration.ofSeconds(5), "slow probe"));
        b.then(answerAfter(Duration.ofMillis(100), "hedge"));

        assertThat(answer(router).provider()).isEqualTo("b");

        assertThat(a.cancellations()).isEqualTo(1);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HALF_OPEN);
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(1);
        assertThat(answer(router).provider()).isEqualTo("a");
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }
}
