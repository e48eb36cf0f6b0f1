package io.relay4j.core;

import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.ModelNotFound;
import io.relay4j.core.error.TransportError;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.event.RouterListener;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.OutlierConfig;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Shared pieces of the router scenarios: a deterministic router builder, extra error factories, an event recorder. */
final class RouterTestKit {

    /** The prompt text that must never show up in a message, log line or event. */
    static final String PROMPT = "my secret prompt about pod affinity";
    static final LlmRequest REQUEST = LlmRequest.of(PROMPT);

    /** In-place retries wait exactly 250 ms (then 500 ms, ...): no jitter, so virtual time is exact. */
    static final Duration BACKOFF = Duration.ofMillis(250);

    /**
     * Hedging on, with a delay longer than any scenario's scripted latency, deadline or virtual-time advance:
     * requests take the hedged path, and no hedge ever fires, so outcomes are those of the unhedged path.
     */
    static final HedgingConfig HEDGE_NEVER_DUE = HedgingConfig.custom().fixedDelay(Duration.ofDays(365))
            .budgetFraction(1.0).build();

    /**
     * Outlier detection that ejects a provider at its first fault, as the router did before it had a window: for
     * scenarios about what an ejection does (cooldowns, probes, races, panic mode), not about when it happens.
     */
    static final OutlierConfig EJECT_AT_FIRST_FAULT = OutlierConfig.custom().consecutiveFailures(1)
            .maxEjectionPercent(100).build();

    /** Whether {@link #routerOf} builds hedged routers on this thread ({@link RoutingPathScenario} sets it per test). */
    private static final ThreadLocal<Boolean> HEDGED = ThreadLocal.withInitial(() -> false);

    private RouterTestKit() {
    }

    /**
     * A router over {@code providers} with exact in-place retry waits, on the routing path this thread's test
     * runs ({@link RoutingPathScenario}): hedged with {@link #HEDGE_NEVER_DUE}, or unhedged. A test that sets its
     * own hedging replaces it.
     */
    static LlmRouter.Builder routerOf(LlmProvider... providers) {
        LlmRouter.Builder builder = LlmRouter.builder()
                .providers(List.of(providers))
                .retry(RetryConfig.custom().initialBackoff(BACKOFF).jitterFactor(0).build());
        return HEDGED.get() ? builder.hedging(HEDGE_NEVER_DUE) : builder;
    }

    /** The routing path {@link #routerOf} builds for on this thread from now on. */
    static void routingPath(boolean hedged) {
        HEDGED.set(hedged);
    }

    /** As {@link #routerOf}, with one provider added under its own options. */
    static LlmRouter.Builder routerWith(LlmProvider withOptions, ProviderOptions options, LlmProvider... providers) {
        LlmRouter.Builder builder = routerOf();
        for (LlmProvider provider : providers) {
            builder.provider(provider, provider == withOptions ? options : ProviderOptions.ofDefaults());
        }
        return builder;
    }

    /** As {@link #routerOf}, with at most {@code limit} calls in progress to {@code limited}. */
    static LlmRouter.Builder routerLimiting(LlmProvider limited, int limit, LlmProvider... providers) {
        return routerWith(limited, ProviderOptions.custom().concurrencyLimit(limit).build(), providers);
    }

    /** A provider whose every whole-answer call is what {@code call} returns (streams are not used here). */
    static LlmProvider provider(String name, Function<LlmRequest, Mono<LlmResponse>> call) {
        return new LlmProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<LlmResponse> generate(LlmRequest request) {
                return call.apply(request);
            }

            @Override
            public Flux<LlmChunk> stream(LlmRequest request) {
                return Flux.error(new UnsupportedOperationException("streams are not scripted here"));
            }
        };
    }

    static Function<String, LlmException> modelNotFound() {
        return p -> new ModelNotFound("no such model", ErrorDetails.of(p).withStatus(404));
    }

    static Function<String, LlmException> invalidOutput() {
        return p -> new InvalidOutput("answer failed the schema", ErrorDetails.of(p));
    }

    static Function<String, LlmException> resetAfterResponse() {
        return p -> new TransportError("connection reset mid-body", ErrorDetails.of(p), false, null);
    }

    /** Records every event, in order, from any thread. */
    static final class Recorder implements RouterListener {
        final List<RouterEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(RouterEvent event) {
            events.add(event);
        }

        <T extends RouterEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
        }
    }
}
