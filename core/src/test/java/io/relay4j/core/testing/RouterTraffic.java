package io.relay4j.core.testing;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.event.RouterListener;
import io.relay4j.core.health.HealthState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Scripted router traffic for listener tests: feeds a listener the events the router would emit for
 * typical requests (a success, a fallback, a won hedge, every error type, health transitions).
 */
public final class RouterTraffic {

    public static final ProviderInfo OPENAI = ProviderInfo.of("openai", "gpt-4o-mini");
    public static final ProviderInfo ANTHROPIC = ProviderInfo.of("anthropic", "claude-sonnet-4-5");
    public static final ProviderInfo GEMINI = ProviderInfo.of("gcp.gemini", "gemini-2.5-flash");
    /** Text that must never show up in a meter, span or log. */
    public static final String SECRET_PROMPT = "tell me the launch codes 0000";

    private final RouterListener listener;

    public RouterTraffic(RouterListener listener) {
        this.listener = listener;
    }

    public RouterTraffic emit(RouterEvent event) {
        listener.onEvent(event);
        return this;
    }

    public RouterTraffic started(long requestId, Operation operation) {
        return emit(new RouterEvent.RequestStarted(requestId, operation, LlmRequest.of(SECRET_PROMPT)));
    }

    public RouterTraffic attemptStarted(long requestId, Operation operation, String provider, ProviderInfo info,
                                        Attempt.Kind kind) {
        return emit(new RouterEvent.AttemptStarted(requestId, operation, provider, kind, info, Optional.empty()));
    }

    public RouterTraffic attemptFinished(long requestId, Operation operation, ProviderInfo info, Attempt attempt,
                                         Optional<String> responseModel, Optional<Duration> timeToFirstChunk) {
        return emit(new RouterEvent.AttemptFinished(requestId, operation, attempt, info, Optional.empty(),
                responseModel, timeToFirstChunk));
    }

    public RouterTraffic finished(long requestId, Operation operation, Optional<String> servedBy,
                                  Optional<ErrorType> error, Duration total, Duration overhead, List<Attempt> attempts) {
        return emit(new RouterEvent.RequestFinished(requestId, operation, servedBy, error, total, overhead, attempts));
    }

    public RouterTraffic transition(String provider, HealthState from, HealthState to) {
        return emit(new RouterEvent.StateTransition(provider, from, to, Optional.empty(), Optional.empty()));
    }

    public static Attempt success(String provider, Attempt.Kind kind, long millis, Usage usage, String cost) {
        return Attempt.success(provider, kind, Duration.ofMillis(millis), usage).withCost(new BigDecimal(cost));
    }

    public static Attempt failure(String provider, Attempt.Kind kind, long millis, ErrorType type) {
        return Attempt.builder(provider, kind, Attempt.Outcome.FAILED).errorType(type)
                .latency(Duration.ofMillis(millis)).build();
    }

    /** Request 1: openai answers a generate call at once. */
    public RouterTraffic plainSuccess(long id) {
        Attempt ok = success("openai", Attempt.Kind.PRIMARY, 1200, Usage.of(100, 50), "0.000045");
        return started(id, Operation.GENERATE)
                .attemptStarted(id, Operation.GENERATE, "openai", OPENAI, Attempt.Kind.PRIMARY)
                .attemptFinished(id, Operation.GENERATE, OPENAI, ok, Optional.of("gpt-4o-mini-2024-07-18"),
                        Optional.empty())
                .finished(id, Operation.GENERATE, Optional.of("openai"), Optional.empty(), Duration.ofMillis(1205),
                        Duration.ofMillis(3), List.of(ok));
    }

    /** Request 2: anthropic is rate limited and starts cooling down; the request falls over to openai. */
    public RouterTraffic fallback(long id) {
        Attempt limited = failure("anthropic", Attempt.Kind.PRIMARY, 200, ErrorType.RATE_LIMITED);
        Attempt ok = success("openai", Attempt.Kind.FALLBACK, 800, Usage.of(200, 100), "0.00009");
        return started(id, Operation.GENERATE)
                .attemptStarted(id, Operation.GENERATE, "anthropic", ANTHROPIC, Attempt.Kind.PRIMARY)
                .attemptFinished(id, Operation.GENERATE, ANTHROPIC, limited, Optional.empty(), Optional.empty())
                .emit(new RouterEvent.StateTransition("anthropic", HealthState.HEALTHY, HealthState.COOLING_DOWN,
                        Optional.of(Duration.ofSeconds(30)), Optional.of(ErrorType.RATE_LIMITED)))
                .emit(new RouterEvent.Fallback(id, "anthropic", "openai", "rate_limited"))
                .attemptStarted(id, Operation.GENERATE, "openai", OPENAI, Attempt.Kind.FALLBACK)
                .attemptFinished(id, Operation.GENERATE, OPENAI, ok, Optional.of("gpt-4o-mini-2024-07-18"),
                        Optional.empty())
                .finished(id, Operation.GENERATE, Optional.of("openai"), Optional.empty(), Duration.ofMillis(1010),
                        Duration.ofMillis(10), List.of(limited, ok));
    }

    /** Request 3: a slow openai stream is hedged to gemini, which wins; openai is cancelled. */
    public RouterTraffic wonHedge(long id) {
        Attempt won = success("gemini", Attempt.Kind.HEDGE, 1100, Usage.of(20, 11), "0.0000335");
        Attempt cancelled = Attempt.cancelled("openai", Attempt.Kind.PRIMARY, Duration.ofMillis(1500));
        return started(id, Operation.STREAM)
                .attemptStarted(id, Operation.STREAM, "openai", OPENAI, Attempt.Kind.PRIMARY)
                .attemptStarted(id, Operation.STREAM, "gemini", GEMINI, Attempt.Kind.HEDGE)
                .attemptFinished(id, Operation.STREAM, GEMINI, won, Optional.of("gemini-2.5-flash"),
                        Optional.of(Duration.ofMillis(100)))
                .attemptFinished(id, Operation.STREAM, OPENAI, cancelled, Optional.empty(), Optional.empty())
                .finished(id, Operation.STREAM, Optional.of("gemini"), Optional.empty(), Duration.ofMillis(1502),
                        Duration.ofMillis(2), List.of(cancelled, won));
    }

    /** Request 4: openai fails with {@code type}, anthropic is skipped as cooling down: the request fails. */
    public RouterTraffic failedWith(long id, ErrorType type) {
        Attempt failed = failure("openai", Attempt.Kind.PRIMARY, 50, type);
        Attempt skipped = Attempt.skipped("anthropic", Attempt.Kind.FALLBACK, Attempt.SkipReason.COOLING_DOWN);
        return started(id, Operation.GENERATE)
                .attemptStarted(id, Operation.GENERATE, "openai", OPENAI, Attempt.Kind.PRIMARY)
                .attemptFinished(id, Operation.GENERATE, OPENAI, failed, Optional.empty(), Optional.empty())
                .attemptFinished(id, Operation.GENERATE, ANTHROPIC, skipped, Optional.empty(), Optional.empty())
                .finished(id, Operation.GENERATE, Optional.empty(), Optional.of(ErrorType.ALL_PROVIDERS_FAILED),
                        Duration.ofMillis(52), Duration.ofMillis(2), List.of(failed, skipped));
    }

    /** Every scenario above: one success, one fallback, one hedge, then one failed request per error type. */
    public RouterTraffic typicalDay() {
        plainSuccess(1).fallback(2).wonHedge(3);
        long id = 10;
        for (ErrorType type : ErrorType.values()) {
            if (type != ErrorType.ALL_PROVIDERS_FAILED) {
                failedWith(id++, type);
            }
        }
        return emit(new RouterEvent.MalformedEventSkipped(3, "gemini"));
    }
}
