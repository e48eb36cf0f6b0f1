package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

/**
 * Ten thousand concurrent requests on the parallel scheduler over providers that fail at random: every
 * request gets exactly one answer or one error, no call is left in flight, and every provider's breaker
 * still works afterwards. Real time, short cooldowns; no sleeps.
 */
class LlmRouterConcurrencyTest {

    private static final int REQUESTS = 10_000;

    @Test
    void tenThousandConcurrentRequestsOverRandomlyFailingProvidersAreEachAnsweredExactlyOnce() {
        Random random = new Random(20261125L);
        List<ScriptedProvider> providers = new ArrayList<>();
        for (String name : List.of("p1", "p2", "p3", "p4")) {
            providers.add(ScriptedProvider.named(name).otherwise(ScriptedProvider.choose(() -> chaos(random))));
        }
        AtomicInteger finishedEvents = new AtomicInteger();
        LlmRouter router = LlmRouter.builder()
                .providers(providers)
                .logging(false)
                .panicMode(false)
                .retry(RetryConfig.custom().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2))
                        .build())
                .cooldown(CooldownConfig.custom().base(Duration.ofMillis(1)).max(Duration.ofMillis(5))
                        .longCooldown(Duration.ofMillis(10)).build())
                .listener(event -> {
                    if (event instanceof RouterEvent.RequestFinished) {
                        finishedEvents.incrementAndGet();
                    }
                })
                .build();
        AtomicIntegerArray answers = new AtomicIntegerArray(REQUESTS);
        AtomicIntegerArray errors = new AtomicIntegerArray(REQUESTS);
        Map<ErrorType, AtomicInteger> errorTypes = new ConcurrentHashMap<>();

        Flux<Integer> storm = Flux.range(0, REQUESTS)
                .flatMap(i -> router.generate(REQUEST)
                        .subscribeOn(Schedulers.parallel())
                        .doOnNext(answer -> answers.incrementAndGet(i))
                        .doOnError(error -> {
                            errors.incrementAndGet(i);
                            ErrorType type = error instanceof LlmException ? ((LlmException) error).type() : null;
                            errorTypes.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
                        })
                        .onErrorResume(error -> Mono.empty())
                        .thenReturn(i), REQUESTS);
        StepVerifier.create(storm).expectNextCount(REQUESTS).expectComplete().verify(Duration.ofSeconds(60));

        int answered = 0;
        for (int i = 0; i < REQUESTS; i++) {
            assertThat(answers.get(i) + errors.get(i)).as("signals for request %d", i).isEqualTo(1);
            answered += answers.get(i);
        }
        assertThat(answered).as("some requests are answered, some fail: the mix is really exercised")
                .isPositive().isLessThan(REQUESTS);
        assertThat(errorTypes.keySet()).as("only typed errors reach callers")
                .isSubsetOf(ErrorType.ALL_PROVIDERS_FAILED, ErrorType.CONTENT_FILTERED, ErrorType.INVALID_REQUEST);
        assertThat(finishedEvents.get()).isEqualTo(REQUESTS);
        int calls = 0;
        for (ScriptedProvider provider : providers) {
            assertThat(provider.inFlight()).as("calls left in flight on %s", provider.name()).isZero();
            calls += provider.calls();
        }
        assertThat(calls).as("the attempt budget bounds the calls").isLessThanOrEqualTo(REQUESTS * (providers.size() + 2));

        providers.forEach(provider -> provider.otherwise(ScriptedProvider.answer("recovered")));
        for (ScriptedProvider provider : providers) {
            assertRecoversOnItsOwn(router, provider.name());
        }
    }

    /** With the others disabled and no panic mode, only a working breaker (no stuck probe) lets the provider answer. */
    private static void assertRecoversOnItsOwn(LlmRouter router, String name) {
        router.providerNames().forEach(other -> {
            if (other.equals(name)) {
                router.enable(other);
            } else {
                router.disable(other);
            }
        });
        StepVerifier.create(Mono.defer(() -> router.generate(REQUEST))
                        .retryWhen(Retry.fixedDelay(200, Duration.ofMillis(5))))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo(name))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(router.health(name).state()).isEqualTo(HealthState.HEALTHY);
    }

    private static ScriptedProvider.Step chaos(Random random) {
        int roll = random.nextInt(100);
        if (roll < 55) {
            return ScriptedProvider.answer("ok");
        }
        if (roll < 62) {
            return ScriptedProvider.answerAfter(Duration.ofMillis(1), "slow ok");
        }
        if (roll < 72) {
            return ScriptedProvider.fail(Errors.serverError());
        }
        if (roll < 78) {
            return ScriptedProvider.fail(Errors.rateLimited(Duration.ofMillis(1)));
        }
        if (roll < 82) {
            return ScriptedProvider.fail(Errors.banned());
        }
        if (roll < 86) {
            return ScriptedProvider.failAfter(Duration.ofMillis(1), Errors.timeout());
        }
        if (roll < 90) {
            return ScriptedProvider.fail(Errors.contextTooLong());
        }
        if (roll < 94) {
            return ScriptedProvider.fail(Errors.malformed());
        }
        if (roll < 97) {
            return ScriptedProvider.fail(Errors.connectionReset());
        }
        return ScriptedProvider.fail(Errors.contentFiltered());
    }
}
