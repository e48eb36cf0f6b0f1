package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerLimiting;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.RaceThreads;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.core.testing.SignalCounter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.util.RaceTestUtils;

/**
 * The router's hand-written whole-answer operators ({@code UnhedgedGenerate} with its {@code AttemptSubscriber},
 * and the hedged {@code GenerateExecution} over {@code RaceCoordinator}) with signals that really race on two
 * threads, many times over: the caller's cancel or a deadline against the provider's answer, a failing race
 * call against the winning one. The provider under test is half-open, so the racing call holds its probe,
 * and has a concurrency limit of one, so it holds its only permit. Each run ends with at most one answer or
 * error for the caller, the provider's health as the outcome says, and neither probe nor permit leaked: the
 * next request is served by that provider.
 */
@BothRoutingPaths
class LlmRouterRaceConditionTest extends VirtualTimeScenario {

    private static final int RUNS = 300;
    /** Later than any attempt or request deadline: advancing this far fires them. */
    private static final Duration PAST_EVERY_DEADLINE = Duration.ofMinutes(30);
    /** Longer than any cooldown the runs can cause. */
    private static final Duration PAST_EVERY_COOLDOWN = Duration.ofMinutes(30);
    private static final HedgingConfig HEDGE_AFTER_100MS =
            HedgingConfig.custom().fixedDelay(Duration.ofMillis(100)).budgetFraction(1.0).build();

    private static RaceThreads threads;

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");

    @BeforeAll
    static void raceThreads() {
        threads = new RaceThreads();
    }

    @AfterAll
    static void stopRaceThreads() {
        threads.close();
    }

    /** A provider call the test answers or fails by hand, from any thread. */
    private static final class ManualCall {
        final Sinks.One<List<LlmChunk>> sink = Sinks.one();

        ScriptedProvider.Step step() {
            return (p, r) -> sink.asMono().flatMapMany(Flux::fromIterable);
        }

        void answer() {
            sink.tryEmitValue(List.of(LlmChunk.text("manual"), LlmChunk.last("", FinishReason.STOP, Usage.of(10, 5),
                    "scripted-model")));
        }

        void fail() {
            sink.tryEmitError(new ServerError("service unavailable", ErrorDetails.of("a").withStatus(503)));
        }
    }

    private LlmRouter.Builder limitedRouter() {
        // about the probe and permit under races, not about when noise ejects: every fault ejects
        return routerLimiting(a, 1, a, b).outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).logging(false);
    }

    /** One request fails on "a" and its cooldown passes: "a" is half-open, its next call the probe. */
    private void halfOpen(LlmRouter router) {
        a.then(fail(Errors.malformed()));
        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();
        vts.advanceTimeBy(PAST_EVERY_COOLDOWN);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HALF_OPEN);
    }

    /** Neither the probe nor the permit of "a" leaked: once any cooldown has passed, "a" serves the next request. */
    private void assertAServesAgain(LlmRouter router) {
        vts.advanceTimeBy(PAST_EVERY_COOLDOWN);
        int calls = a.calls();
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(calls + 1);
        assertThat(a.inFlight()).isZero();
    }

    @Test
    void callerCancellingAgainstTheAnswer() {
        for (int i = 0; i < RUNS; i++) {
            LlmRouter router = limitedRouter().build();
            halfOpen(router);
            ManualCall call = new ManualCall();
            a.then(call.step());
            SignalCounter<LlmResponse> caller = new SignalCounter<>();
            router.generate(REQUEST).subscribe(caller);

            RaceTestUtils.race(threads.scheduler(), caller::cancel, call::answer);

            assertThat(caller.errors()).isZero();
            assertThat(caller.values()).isLessThanOrEqualTo(1);
            HealthState state = router.health("a").state();
            if (caller.values() == 1) {
                assertThat(state).isEqualTo(HealthState.HEALTHY);
            } else {
                assertThat(state).isIn(HealthState.HEALTHY, HealthState.HALF_OPEN);
            }
            assertAServesAgain(router);
        }
    }

    @Test
    void deadlineAgainstTheAnswer() {
        for (int i = 0; i < RUNS; i++) {
            LlmRouter router = limitedRouter().build();
            halfOpen(router);
            ManualCall call = new ManualCall();
            a.then(call.step());
            SignalCounter<LlmResponse> caller = new SignalCounter<>();
            router.generate(REQUEST).subscribe(caller);

            RaceTestUtils.race(threads.scheduler(), () -> vts.advanceTimeBy(PAST_EVERY_DEADLINE), call::answer);

            assertThat(caller.terminals()).isEqualTo(1);
            ProviderHealth health = router.health("a");
            if (caller.values() == 1 && caller.value().provider().equals("a")) {
                assertThat(health.state()).isEqualTo(HealthState.HEALTHY);
            } else if (caller.values() == 1) {
                // the attempt deadline won: "a" timed out (its failure counted) and "b" answered
                assertThat(caller.value().attempts().get(0).errorType()).contains(ErrorType.TIMEOUT);
                assertThat(health.consecutiveFailures()).isEqualTo(2);
            } else {
                assertThat(caller.error()).isInstanceOf(Timeout.class);
            }
            assertAServesAgain(router);
        }
    }

    @Test
    void hedgedCallFailingAgainstTheWinningHedge() {
        for (int i = 0; i < RUNS; i++) {
            LlmRouter router = limitedRouter().hedging(HEDGE_AFTER_100MS).build();
            halfOpen(router);
            ManualCall probe = new ManualCall();
            ManualCall hedge = new ManualCall();
            a.then(probe.step());
            b.then(hedge.step());
            SignalCounter<LlmResponse> caller = new SignalCounter<>();
            router.generate(REQUEST).subscribe(caller);
            vts.advanceTimeBy(Duration.ofMillis(100));
            assertThat(b.inFlight()).isEqualTo(1);

            RaceTestUtils.race(threads.scheduler(), probe::fail, hedge::answer);

            assertThat(caller.terminals()).isEqualTo(1);
            assertThat(caller.value().provider()).isEqualTo("b");
            // the probe's failure counted, or the probe was cancelled first: either way it is not held
            assertThat(router.health("a").state()).isIn(HealthState.COOLING_DOWN, HealthState.HALF_OPEN);
            assertAServesAgain(router);
        }
    }
}
