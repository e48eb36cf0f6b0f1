package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerWith;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.Attempt.SkipReason;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.RateLimitInfo;
import io.relay4j.core.event.RouterEvent.ConcurrencyLimitChanged;
import io.relay4j.core.event.RouterEvent.ConcurrencyLimitChanged.Cause;
import io.relay4j.core.router.AdaptiveConcurrency;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.spi.ProviderCallObserver;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Adaptive concurrency through the router (issue 17, item 3): a 429 or an overload lowers a provider's limit,
 * a request over the lowered limit goes to the next provider at once, a successful reply's rate-limit counters
 * near zero lower it before the vendor throttles, and the limit is visible as events and as a gauge.
 */
@BothRoutingPaths
class LlmRouterAdaptiveConcurrencyTest extends RoutingPathScenario {

    /** Throttles fall over without cooling the provider down, so only the limit keeps requests away from it. */
    private static final ErrorPolicy FALL_OVER_ONLY = ErrorPolicy.of(ErrorPolicy.Action.FALL_OVER,
            ErrorPolicy.Cooldown.NONE);
    private static final ProviderOptions ADAPTIVE_FROM_2 = ProviderOptions.custom()
            .adaptiveConcurrency(AdaptiveConcurrency.custom().limits(1, 10).initialLimit(2).build()).build();

    private static final LlmResponse ANSWER = LlmResponse.builder().content("ok").provider("a").model("m")
            .usage(Usage.of(1, 1)).latency(Duration.ZERO).finishReason(FinishReason.STOP).build();

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final RouterTestKit.Recorder recorder = new RouterTestKit.Recorder();

    @BeforeEach
    void virtualTime() {
        VirtualTimeScheduler.getOrSet();
    }

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void aRateLimitHalvesTheLimitAndTheNextRequestOverItGoesToTheNextProviderAtOnce() {
        a.then(hang()).then(fail(Errors.rateLimitedNoHint()));
        LlmRouter router = routerWith(a, ADAPTIVE_FROM_2, a, b).errorPolicy(ErrorType.RATE_LIMITED, FALL_OVER_ONLY)
                .listener(recorder).build();
        Disposable holdingA = router.generate(REQUEST).subscribe();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).as("a throttled, b answered").isEqualTo("b"))
                .expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.attempts())
                        .extracting(Attempt::provider, Attempt::outcome, Attempt::skipReason)
                        .containsExactly(tuple("a", Outcome.SKIPPED, Optional.of(SkipReason.CONCURRENCY_LIMIT)),
                                tuple("b", Outcome.SUCCESS, Optional.empty())))
                .expectComplete().verify(Duration.ofSeconds(5));

        assertThat(a.calls()).as("the third request never reached a").isEqualTo(2);
        assertThat(recorder.of(ConcurrencyLimitChanged.class))
                .extracting(ConcurrencyLimitChanged::provider, ConcurrencyLimitChanged::previous,
                        ConcurrencyLimitChanged::limit, ConcurrencyLimitChanged::cause)
                .containsExactly(tuple("a", 0, 2, Cause.CONFIGURED), tuple("a", 2, 1, Cause.THROTTLED));
        holdingA.dispose();
    }

    @Test
    void anOverloadLowersTheLimitToo() {
        a.then(fail(Errors.overloaded()));
        LlmRouter router = routerWith(a, ADAPTIVE_FROM_2, a, b).errorPolicy(ErrorType.OVERLOADED, FALL_OVER_ONLY)
                .listener(recorder).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));

        assertThat(recorder.of(ConcurrencyLimitChanged.class)).extracting(ConcurrencyLimitChanged::cause)
                .containsExactly(Cause.CONFIGURED, Cause.THROTTLED);
    }

    @Test
    void aSpentQuotaOrAServerErrorLeavesTheLimitAlone() {
        a.then(fail(Errors.quotaExhausted())).then(fail(Errors.serverError()));
        LlmRouter router = routerWith(a, ADAPTIVE_FROM_2, a, b).errorPolicy(ErrorType.RATE_LIMITED, FALL_OVER_ONLY)
                .errorPolicy(ErrorType.SERVER_ERROR, FALL_OVER_ONLY).listener(recorder).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));

        assertThat(a.calls()).isEqualTo(2);
        assertThat(recorder.of(ConcurrencyLimitChanged.class)).extracting(ConcurrencyLimitChanged::cause)
                .containsExactly(Cause.CONFIGURED);
    }

    @Test
    void rateLimitCountersNearZeroOnASuccessLowerTheLimitBeforeTheVendorThrottles() {
        List<Boolean> asked = new CopyOnWriteArrayList<>();
        LlmProvider reporting = RouterTestKit.provider("a", request -> Mono.deferContextual(context -> {
            ProviderCallObserver observer = ProviderCallObserver.of(context);
            asked.add(observer.wantsRateLimits());
            if (observer.wantsRateLimits()) {
                observer.rateLimitReported(requestsLeft(2, 100));
            }
            return Mono.just(ANSWER);
        }));
        LlmRouter router = routerWith(reporting, ProviderOptions.custom()
                .adaptiveConcurrency(AdaptiveConcurrency.custom().limits(1, 50).initialLimit(8).build()).build(),
                reporting, b).listener(recorder).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .expectComplete().verify(Duration.ofSeconds(5));

        assertThat(asked).containsExactly(true);
        assertThat(recorder.of(ConcurrencyLimitChanged.class))
                .extracting(ConcurrencyLimitChanged::previous, ConcurrencyLimitChanged::limit,
                        ConcurrencyLimitChanged::cause)
                .containsExactly(tuple(0, 8, Cause.CONFIGURED), tuple(8, 4, Cause.RATE_LIMIT_HEADERS));
    }

    @Test
    void aProviderWithoutAnAdaptiveLimitIsNotAskedForItsCounters() {
        List<Boolean> asked = new CopyOnWriteArrayList<>();
        LlmProvider reporting = RouterTestKit.provider("a", request -> Mono.deferContextual(context -> {
            asked.add(ProviderCallObserver.of(context).wantsRateLimits());
            return Mono.just(ANSWER);
        }));
        LlmRouter router = routerWith(reporting, ProviderOptions.custom().concurrencyLimit(4).build(), reporting)
                .listener(recorder).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));

        assertThat(asked).containsExactly(false);
        assertThat(recorder.of(ConcurrencyLimitChanged.class))
                .extracting(ConcurrencyLimitChanged::limit, ConcurrencyLimitChanged::cause)
                .as("a fixed limit is announced once, as configured").containsExactly(tuple(4, Cause.CONFIGURED));
    }

    @Test
    void theCurrentLimitIsAGaugePerProvider() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        a.then(fail(Errors.rateLimited(Duration.ofMillis(1))));
        LlmRouter router = routerWith(a, ProviderOptions.custom()
                .adaptiveConcurrency(AdaptiveConcurrency.custom().limits(2, 64).initialLimit(32).build()).build(),
                a, b).errorPolicy(ErrorType.RATE_LIMITED, FALL_OVER_ONLY).meterRegistry(meters).build();
        assertThat(meters.get("relay4j.provider.concurrency.limit").tags("provider", "a").gauge().value())
                .isEqualTo(32);

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));

        assertThat(meters.get("relay4j.provider.concurrency.limit").tags("provider", "a").gauge().value())
                .isEqualTo(16);
        assertThat(meters.find("relay4j.provider.concurrency.limit").tags("provider", "b").gauge())
                .as("no limit, no gauge").isNull();
    }

    private static RateLimitInfo requestsLeft(long remaining, long limit) {
        return new RateLimitInfo(OptionalLong.of(limit), OptionalLong.of(remaining),
                Optional.of(Duration.ofSeconds(1)), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
    }
}
