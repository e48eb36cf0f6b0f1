package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answer;
import static io.relay4j.core.testing.ScriptedProvider.choose;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.Attempt.SkipReason;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.TransportError;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.router.OutlierConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import reactor.test.subscriber.TestSubscriber;

/**
 * Issue 17: ordinary noise (a few server errors, timeouts, resets in a hundred) no longer takes a provider out at
 * its first failure; a provider goes out when its window's failure rate or failures in a row stand out, never
 * more than the cap of providers at once, while a ban still takes it out at once. The failed request itself
 * retries and falls over as before. In virtual time, on both routing paths.
 */
@BothRoutingPaths
class LlmRouterOutlierTest extends VirtualTimeScenario {

    /** Long enough for any request of these scenarios, retries in place included, to end. */
    private static final Duration REQUEST_TIME = Duration.ofSeconds(2);

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final ScriptedProvider c = ScriptedProvider.named("c");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();

    @Test
    void aBannedProviderIsSkippedFromItsFirstFailureWithNoExtraCall() {
        a.then(fail(Errors.banned())).otherwise(answer("a"));
        b.otherwise(answer("b"));
        LlmRouter router = routerOf(a, b).build();

        assertThat(serve(router).provider()).isEqualTo("b");
        LlmResponse second = serve(router);

        assertThat(second.provider()).isEqualTo("b");
        assertThat(second.attempts().get(0).skipReason()).contains(SkipReason.COOLING_DOWN);
        assertThat(a.calls()).isEqualTo(1);
        ProviderHealth health = router.health("a");
        assertThat(health.reason()).contains(EjectionReason.IMMEDIATE);
        assertThat(health.lastError()).contains(ErrorType.POLICY_VIOLATION);
    }

    @Test
    void serverErrorsEjectOnlyWhenTheirRateOverTheMinimumVolumePassesTheThreshold() {
        // every other call fails: each request fails once on "a", is retried there and answered
        a.otherwise(pattern(n -> n % 2 == 0, Errors.serverError()));
        b.otherwise(answer("b"));
        LlmRouter router = routerOf(a, b).outliers(OutlierConfig.custom().consecutiveFailures(1000).build())
                .listener(events).build();

        for (int i = 0; i < 10; i++) {
            assertThat(serve(router).provider()).isEqualTo("a");
        }
        assertThat(router.health("a").state()).as("10 of 19 calls failed: below the minimum volume of 20")
                .isEqualTo(HealthState.HEALTHY);

        LlmResponse eleventh = serve(router);
        assertThat(eleventh.provider()).as("the request that tripped it is retried there as before").isEqualTo("a");
        ProviderHealth health = router.health("a");
        assertThat(health.state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(health.reason()).contains(EjectionReason.FAILURE_RATE);
        assertThat(events.of(RouterEvent.ProviderEjected.class)).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(EjectionReason.FAILURE_RATE);
            assertThat(e.failureRate()).isEqualTo(11.0 / 21);
            assertThat(e.cause()).contains(ErrorType.SERVER_ERROR);
        });
        assertThat(serve(router).provider()).isEqualTo("b");
    }

    @Test
    void oneServerErrorInTwentyNeverEjectsAndThePrimaryKeepsItsTraffic() {
        a.otherwise(pattern(n -> n % 20 == 7, Errors.serverError()));
        b.otherwise(answer("b"));
        LlmRouter router = routerOf(a, b).listener(events).build();

        for (int i = 0; i < 400; i++) {
            assertThat(serve(router).provider()).isEqualTo("a");
        }

        assertThat(events.of(RouterEvent.ProviderEjected.class)).isEmpty();
        assertThat(b.calls()).isZero();
        assertThat(router.health("a").windowFailureRate()).isBetween(0.04, 0.06);
    }

    @Test
    void failuresInARowEjectBeforeTheMinimumVolume() {
        a.otherwise(fail(Errors.timeout()));
        b.otherwise(answer("b"));
        LlmRouter router = routerOf(a, b).build();

        for (int i = 0; i < 4; i++) {
            serve(router);
        }
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(4);

        serve(router);

        assertThat(router.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(router.health("a").reason()).contains(EjectionReason.CONSECUTIVE_FAILURES);
        serve(router);
        assertThat(a.calls()).as("skipped from then on").isEqualTo(5);
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        a.then(fail(Errors.timeout())).then(fail(Errors.timeout())).then(fail(Errors.timeout()))
                .then(answer("a")).then(fail(Errors.timeout()))
                .then(fail(Errors.timeout())).then(fail(Errors.timeout()));
        b.otherwise(answer("b"));
        LlmRouter router = routerOf(a, b).outliers(OutlierConfig.custom().windowDuration(Duration.ofSeconds(10))
                .minimumVolume(4).consecutiveFailures(1000).build()).build();
        for (int i = 0; i < 3; i++) {
            serve(router);
        }
        vts.advanceTimeBy(Duration.ofSeconds(10).plusMillis(1));

        serve(router);
        serve(router);
        assertThat(router.health("a").state()).as("the three early failures left the window: 1 of 2 calls")
                .isEqualTo(HealthState.HEALTHY);
        assertThat(router.health("a").windowFailureRate()).isEqualTo(0.5);

        serve(router);
        serve(router);
        assertThat(router.health("a").state()).as("3 of 4 calls within 10 s").isEqualTo(HealthState.COOLING_DOWN);
        assertThat(router.health("a").reason()).contains(EjectionReason.FAILURE_RATE);
    }

    @Test
    void aDeadEndpointIsEjectedAtOnceButAResetIsNoise() {
        Function<String, LlmException> refused = p -> new TransportError("connection refused", ErrorDetails.of(p),
                true, new ConnectException("Connection refused"));
        a.then(fail(refused)).then(fail(refused));
        c.then(fail(Errors.connectionReset())).then(fail(Errors.connectionReset()));
        b.otherwise(answer("b"));
        LlmRouter deadA = routerOf(a, b).build();
        LlmRouter resetC = routerOf(c, b).build();

        assertThat(serve(deadA).provider()).isEqualTo("b");
        assertThat(serve(resetC).provider()).isEqualTo("b");

        assertThat(a.calls()).as("retried in place once, as before").isEqualTo(2);
        assertThat(deadA.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(deadA.health("a").reason()).contains(EjectionReason.IMMEDIATE);
        assertThat(resetC.health("c").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(resetC.health("c").consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void threeProvidersAllFailingSixtyPercentNeverHaveMoreThanTheCapOut() {
        // calls 0, 2 and 4 of every five fail: 60 %, never more than two in a row
        IntPredicate sixtyPercent = n -> n % 5 % 2 == 0;
        a.otherwise(pattern(sixtyPercent, Errors.serverError()));
        b.otherwise(pattern(sixtyPercent, Errors.serverError()));
        c.otherwise(pattern(sixtyPercent, Errors.serverError()));
        LlmRouter router = routerOf(a, b, c).listener(events).build();
        AtomicInteger out = new AtomicInteger();
        int mostOut = 0;
        int answered = 0;
        int requests = 300;

        for (int i = 0; i < requests; i++) {
            int before = events.events.size();
            Object outcome = outcome(router);
            for (RouterEvent event : events.events.subList(before, events.events.size())) {
                if (event instanceof RouterEvent.ProviderEjected ejected && ejected.from() == HealthState.HEALTHY) {
                    mostOut = Math.max(mostOut, out.incrementAndGet());
                } else if (event instanceof RouterEvent.ProviderReturned) {
                    out.decrementAndGet();
                }
            }
            if (outcome instanceof LlmResponse) {
                answered++;
            } else {
                assertThat(((io.relay4j.core.error.AllProvidersFailed) outcome).attempts())
                        .as("never refused untried").anyMatch(attempt -> attempt.outcome() == Outcome.FAILED);
            }
        }

        assertThat(events.of(RouterEvent.ProviderEjected.class)).as("60 % is over the rate").isNotEmpty();
        assertThat(mostOut).as("half of three providers, rounded down").isEqualTo(1);
        // with two or three providers in, a request fails only when each of its four or five calls fails
        assertThat(answered).isGreaterThanOrEqualTo(requests * 85 / 100);
    }

    @Test
    void aRecoveredProviderIsProbedOnceThenRampedBackIn() {
        a.then(fail(Errors.rateLimited(Duration.ofSeconds(5)))).otherwise(answer("a"));
        b.otherwise(answer("b"));
        LlmRouter router = routerOf(a, b).listener(events).build();
        serve(router);
        vts.advanceTimeBy(Duration.ofSeconds(5));

        assertThat(serve(router).provider()).as("the probe").isEqualTo("a");

        assertThat(a.calls()).isEqualTo(2);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(router.health("a").trafficShare()).isEqualTo(0.1);
        assertThat(events.of(RouterEvent.ProviderReturned.class)).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo(HealthState.HALF_OPEN);
            assertThat(r.slowStart()).isEqualTo(Duration.ofSeconds(30));
        });
        assertThat(servedFirstBy(router, "a", 100)).as("10 % at the start").isBetween(8, 12);
        assertThat(b.calls()).as("the others went to b first").isBetween(88, 92);
    }

    @Test
    void theSlowStartSharesGrowWithTime() {
        a.then(fail(Errors.rateLimited(Duration.ofSeconds(5)))).otherwise(answer("a"));
        b.otherwise(answer("b"));
        LlmRouter router = routerOf(a, b).build();
        serve(router);
        vts.advanceTimeBy(Duration.ofSeconds(5));
        serve(router);

        vts.advanceTimeBy(Duration.ofSeconds(15));
        assertThat(router.health("a").trafficShare()).isEqualTo(0.5);
        assertThat(servedFirstBy(router, "a", 100)).isBetween(47, 53);
        vts.advanceTimeBy(Duration.ofSeconds(15));
        assertThat(servedFirstBy(router, "a", 100)).isEqualTo(100);
    }

    @Test
    void ejectionsAndTheWindowFailureRateAreMetered() {
        a.otherwise(fail(Errors.timeout()));
        b.otherwise(answer("b"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmRouter router = routerOf(a, b).meterRegistry(registry).build();

        serve(router);
        assertThat(registry.get("relay4j.provider.window.failure.rate").tag("provider", "a").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get("relay4j.provider.window.failure.rate").tag("provider", "b").gauge().value())
                .isZero();
        for (int i = 0; i < 4; i++) {
            serve(router);
        }

        assertThat(registry.get("relay4j.provider.ejections").tags("provider", "a", "reason", "consecutive_failures")
                .counter().count()).isEqualTo(1.0);
        router.removeProvider("a");
        assertThat(registry.find("relay4j.provider.window.failure.rate").tag("provider", "a").gauge()).isNull();
    }

    /** How many of {@code requests} requests, made at this instant, tried {@code provider} first. */
    private int servedFirstBy(LlmRouter router, String provider, int requests) {
        int first = 0;
        for (int i = 0; i < requests; i++) {
            LlmResponse response = serve(router);
            first += response.attempts().get(0).provider().equals(provider) ? 1 : 0;
        }
        return first;
    }

    /** A step per call: the calls whose number (from 0) matches fail with {@code error}, the others answer. */
    private static ScriptedProvider.Step pattern(IntPredicate fails, Function<String, LlmException> error) {
        AtomicInteger calls = new AtomicInteger();
        return choose(() -> fails.test(calls.getAndIncrement()) ? fail(error) : answer("ok"));
    }

    private LlmResponse serve(LlmRouter router) {
        Object outcome = outcome(router);
        assertThat(outcome).isInstanceOf(LlmResponse.class);
        return (LlmResponse) outcome;
    }

    /**
     * The request's answer or error, once it has ended: the clock moves on only while the request waits (for a
     * retry in place), in steps of the retry backoff, so requests answered at once are all made at one instant.
     */
    private Object outcome(LlmRouter router) {
        TestSubscriber<LlmResponse> subscriber = TestSubscriber.create();
        router.generate(REQUEST).subscribe(subscriber);
        vts.advanceTime();
        for (Duration waited = Duration.ZERO; !subscriber.isTerminated() && waited.compareTo(REQUEST_TIME) < 0;
             waited = waited.plus(RouterTestKit.BACKOFF)) {
            vts.advanceTimeBy(RouterTestKit.BACKOFF);
        }
        assertThat(subscriber.isTerminated()).as("the request ended").isTrue();
        List<LlmResponse> answers = subscriber.getReceivedOnNext();
        Optional<Throwable> error = Optional.ofNullable(subscriber.getTerminalSignal().getThrowable());
        return error.isPresent() ? error.get() : answers.get(0);
    }
}
