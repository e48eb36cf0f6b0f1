package io.relay4j.core;

import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.InJvmHealthStore;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Routers that stand for the instances of a fleet share provider health through a {@link HealthStore}: what one
 * learns the others act on without calling the provider, one probe goes out per fleet, and a store that fails
 * never fails or holds a request. Virtual time; the store is {@link InJvmHealthStore}.
 */
class LlmRouterFleetHealthTest {

    private static final LlmRequest REQUEST = LlmRequest.of("hello");

    private VirtualTimeScheduler vts;
    private final List<LlmRouter> routers = new ArrayList<>();

    /** One instance: its own copies of providers "p" (primary) and "q" (fallback), its own router. */
    private record Instance(LlmRouter router, ScriptedProvider p, ScriptedProvider q) {
        String serve() {
            List<String> served = new ArrayList<>();
            StepVerifier.create(router.generate(REQUEST)).consumeNextWith(r -> served.add(r.provider())).verifyComplete();
            return served.get(0);
        }
    }

    @BeforeEach
    void virtualTime() {
        vts = VirtualTimeScheduler.getOrSet();
        vts.advanceTimeTo(Instant.parse("2026-11-30T12:00:00Z"));
        StepVerifier.setDefaultTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        routers.forEach(LlmRouter::close);
        StepVerifier.resetDefaultTimeout();
        VirtualTimeScheduler.reset();
    }

    private Instance instance(HealthStore store) {
        ScriptedProvider p = ScriptedProvider.named("p");
        ScriptedProvider q = ScriptedProvider.named("q");
        LlmRouter router = LlmRouter.builder().provider(p).provider(q).healthStore(store)
                .cooldown(CooldownConfig.custom().slowStart(Duration.ZERO).build()).build();
        routers.add(router);
        return new Instance(router, p, q);
    }

    @Test
    void aBanLearnedByOneInstanceIsSkippedByTheOtherWithoutACall() {
        InJvmHealthStore store = new InJvmHealthStore();
        Instance a = instance(store);
        Instance b = instance(store);
        a.p().then(fail(Errors.banned()));

        assertThat(a.serve()).isEqualTo("q");
        assertThat(b.serve()).isEqualTo("q");

        assertThat(b.p().calls()).as("b never called the banned provider").isZero();
        assertThat(b.router().health("p").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(b.router().health("p").reason()).contains(EjectionReason.IMMEDIATE);
        assertThat(b.router().health("p").lastError()).contains(ErrorType.POLICY_VIOLATION);
        assertThat(store.published()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(HealthState.COOLING_DOWN);
            assertThat(r.until()).isEqualTo(Instant.parse("2026-11-30T12:10:00Z"));
        });
    }

    @Test
    void aRateLimitsRetryAfterLearnedByOneInstanceIsHonouredByTheOther() {
        InJvmHealthStore store = new InJvmHealthStore();
        Instance a = instance(store);
        Instance b = instance(store);
        a.p().then(fail(Errors.rateLimited(Duration.ofSeconds(40))));

        assertThat(a.serve()).isEqualTo("q");
        vts.advanceTimeBy(Duration.ofSeconds(39));
        assertThat(b.serve()).isEqualTo("q");
        assertThat(b.p().calls()).isZero();
        assertThat(b.router().health("p").reason()).contains(EjectionReason.RATE_LIMITED);

        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(b.serve()).as("the wait is over: b probes p, the fleet's one probe").isEqualTo("p");
        assertThat(a.router().health("p").state()).as("b's verdict reached a").isEqualTo(HealthState.HEALTHY);
        assertThat(a.serve()).isEqualTo("p");
        assertThat(a.p().calls()).as("a's only call to p was the 429").isEqualTo(2);
    }

    @Test
    void whenTheCooldownEndsOneProbeGoesOutFromTheWholeFleet() {
        InJvmHealthStore store = new InJvmHealthStore();
        Instance a = instance(store);
        Instance b = instance(store);
        Instance c = instance(store);
        a.p().then(fail(Errors.banned()));
        assertThat(a.serve()).isEqualTo("q");
        vts.advanceTimeBy(Duration.ofMinutes(10));

        // a's probe takes 5 s; meanwhile b and c serve on q without touching p
        a.p().then(answerAfter(Duration.ofSeconds(5), "back"));
        List<String> probe = new ArrayList<>();
        a.router().generate(REQUEST).subscribe(r -> probe.add(r.provider()));
        for (int i = 0; i < 3; i++) {
            assertThat(b.serve()).isEqualTo("q");
            assertThat(c.serve()).isEqualTo("q");
            vts.advanceTimeBy(Duration.ofSeconds(1));
        }
        assertThat(b.p().calls() + c.p().calls()).as("no second probe in the fleet").isZero();
        assertThat(store.probesGranted()).isEqualTo(1);

        vts.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(probe).containsExactly("p");
        assertThat(b.router().health("p").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(c.serve()).isEqualTo("p");
    }

    @Test
    void aProbeThatFailsOnOneInstanceCoolsTheFleetDownAgain() {
        InJvmHealthStore store = new InJvmHealthStore();
        Instance a = instance(store);
        Instance b = instance(store);
        a.p().then(fail(Errors.rateLimited(Duration.ofSeconds(40))));
        assertThat(a.serve()).isEqualTo("q");
        vts.advanceTimeBy(Duration.ofSeconds(41));

        a.p().then(fail(Errors.banned()));
        assertThat(a.serve()).isEqualTo("q");

        assertThat(a.router().health("p").reason()).contains(EjectionReason.PROBE_FAILED);
        assertThat(b.router().health("p").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(b.router().health("p").reason()).contains(EjectionReason.PROBE_FAILED);
        assertThat(b.router().health("p").cooldownRemaining().orElseThrow())
                .as("the ban's long cooldown, learned from a's probe").isGreaterThan(Duration.ofMinutes(9));
        assertThat(b.serve()).isEqualTo("q");
        assertThat(b.p().calls()).isZero();
    }

    @Test
    void anOperatorsDisableAndEnableApplyToTheWholeFleet() {
        InJvmHealthStore store = new InJvmHealthStore();
        Instance a = instance(store);
        Instance b = instance(store);

        a.router().disable("p");
        assertThat(b.router().health("p").state()).isEqualTo(HealthState.DISABLED);
        assertThat(b.serve()).isEqualTo("q");

        vts.advanceTimeBy(Duration.ofSeconds(1));
        b.router().enable("p");
        assertThat(a.router().health("p").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(a.serve()).isEqualTo("p");
    }

    @Test
    void aRecordOlderThanTheLocalViewChangesNothing() {
        InJvmHealthStore store = new InJvmHealthStore();
        Instance a = instance(store);
        Instant before = Instant.ofEpochMilli(Schedulers.parallel().now(TimeUnit.MILLISECONDS));
        vts.advanceTimeBy(Duration.ofSeconds(5));
        a.router().disable("p");
        vts.advanceTimeBy(Duration.ofSeconds(5));
        a.router().enable("p");

        store.deliver(HealthRecord.builder("p", HealthState.COOLING_DOWN, before).until(before.plusSeconds(600))
                .reason(EjectionReason.IMMEDIATE).build());

        assertThat(a.router().health("p").state()).as("it came back after that record").isEqualTo(HealthState.HEALTHY);
        assertThat(a.serve()).isEqualTo("p");
    }

    @Test
    void aStoreThatNoLongerAnswersNeitherFailsNorHoldsARequestAndTheInstanceProbesOnItsOwn() {
        InJvmHealthStore store = new InJvmHealthStore();
        Instance a = instance(store);
        a.p().then(fail(Errors.rateLimited(Duration.ofSeconds(40))));
        assertThat(a.serve()).isEqualTo("q");
        store.unreachable();
        vts.advanceTimeBy(Duration.ofSeconds(41));

        assertThat(a.serve()).as("the probe request is asked for, not waited for").isEqualTo("q");
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(a.serve()).as("no answer within a second: the instance probes itself").isEqualTo("p");
    }

    @Test
    void aStoreThatThrowsNeverReachesTheRequest() {
        HealthStore broken = updates -> new HealthStore.Session() {
            @Override
            public void publish(HealthRecord record) {
                throw new IllegalStateException("store down");
            }

            @Override
            public Mono<Boolean> acquireProbe(String provider, Duration lease) {
                return Mono.error(new IllegalStateException("store down"));
            }

            @Override
            public void releaseProbe(String provider) {
                throw new IllegalStateException("store down");
            }

            @Override
            public void close() {
                throw new IllegalStateException("store down");
            }
        };
        Instance a = instance(broken);
        a.p().then(fail(Errors.rateLimited(Duration.ofSeconds(40))));
        assertThat(a.serve()).isEqualTo("q");
        vts.advanceTimeBy(Duration.ofSeconds(41));
        assertThat(a.serve()).as("an erring store grants the probe: local behaviour").isEqualTo("p");
        a.router().disable("q");
        a.router().enable("q");
    }
}
