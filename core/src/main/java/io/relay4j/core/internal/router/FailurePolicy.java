package io.relay4j.core.internal.router;

import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.TransportError;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.RetryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.Exceptions;

/**
 * Decides, once and for every kind of call (whole answers and streams alike), what follows a failed
 * attempt: retry in place, fall over, or fail; and what the failure does to the provider's health.
 * Stateless and thread-safe.
 */
public final class FailurePolicy {

    private final ErrorPolicy[] byType = new ErrorPolicy[ErrorType.values().length];
    private final RetryConfig retry;

    public FailurePolicy(Map<ErrorType, ErrorPolicy> overrides, RetryConfig retry) {
        for (ErrorType type : ErrorType.values()) {
            byType[type.ordinal()] = overrides.getOrDefault(type, ErrorPolicy.defaultFor(type));
        }
        this.retry = retry;
    }

    /**
     * Turns whatever a provider signalled into the taxonomy. A provider that breaks the SPI contract by
     * failing with something other than an {@link LlmException} (a bug such as an
     * {@code IllegalStateException}) is treated as a server-side fault of that provider: a
     * {@link ServerError} whose cause is the original error, so the error is never lost and the provider's
     * health reflects it. The message names only the error's class: a foreign message might hold prompt text.
     * JVM-fatal errors are rethrown as they are.
     */
    public static LlmException classify(Throwable error, String provider) {
        if (error instanceof LlmException) {
            return (LlmException) error;
        }
        Exceptions.throwIfJvmFatal(error);
        return new ServerError("provider failed with " + error.getClass().getName()
                + " instead of a typed LlmException", ErrorDetails.of(provider), error);
    }

    /**
     * @param error             the attempt's failure
     * @param retriesOnProvider in-place retries already made on this provider for this request
     * @param callsLeft         calls the request's budget still allows
     */
    public FailureDecision decide(LlmException error, int retriesOnProvider, int callsLeft) {
        return decide(error, retriesOnProvider, callsLeft, false);
    }

    /**
     * As {@link #decide(LlmException, int, int)}, for a request that may name a model no provider declares
     * ({@code unknownModelIsTheRequests}): a {@code ModelNotFound} is then the request's fault, not the
     * provider's. The provider's health is left alone (no cooldown, whatever the policy's) and the request
     * is never resent there; it falls over unless the policy fails fast.
     */
    public FailureDecision decide(LlmException error, int retriesOnProvider, int callsLeft,
                                  boolean unknownModelIsTheRequests) {
        ErrorPolicy policy = byType[error.type().ordinal()];
        if (unknownModelIsTheRequests && error.type() == ErrorType.MODEL_NOT_FOUND) {
            FailureDecision.Next next = policy.action() == ErrorPolicy.Action.FAIL_FAST
                    ? FailureDecision.Next.FAIL_FAST : FailureDecision.Next.FALL_OVER;
            return new FailureDecision(next, Duration.ZERO, CooldownPlan.NONE, true);
        }
        boolean neverResend = error.type() == ErrorType.CONTEXT_LENGTH_EXCEEDED;
        CooldownPlan cooldown = cooldownFor(error, policy);
        switch (policy.action()) {
            case FAIL_FAST:
                return new FailureDecision(FailureDecision.Next.FAIL_FAST, Duration.ZERO, cooldown, neverResend);
            case RETRY_THEN_FALL_OVER:
                if (!neverResend && retriesOnProvider < retry.maxRetriesInPlace() && callsLeft > 0) {
                    Optional<Duration> wait = inPlaceWait(error, retriesOnProvider);
                    if (wait.isPresent()) {
                        return new FailureDecision(FailureDecision.Next.RETRY_IN_PLACE, wait.get(), cooldown,
                                false);
                    }
                }
                return new FailureDecision(FailureDecision.Next.FALL_OVER, Duration.ZERO, cooldown, neverResend);
            default:
                return new FailureDecision(FailureDecision.Next.FALL_OVER, Duration.ZERO, cooldown, neverResend);
        }
    }

    /**
     * The wait before retrying in place, or empty when this error must not be retried on the same provider.
     * A provider's own {@code retryAfter} is honoured in place only up to {@code maxRetryAfterInPlace}: a
     * rate limit waits exactly that long, other faults at least that long; a longer one means falling over.
     */
    private Optional<Duration> inPlaceWait(LlmException error, int retriesOnProvider) {
        if (error instanceof RateLimited) {
            RateLimited limited = (RateLimited) error;
            if (limited.quotaExhausted()) {
                return Optional.empty();
            }
            return limited.retryAfter().filter(this::shortEnoughToWaitOut);
        }
        if (error instanceof TransportError && !((TransportError) error).beforeResponse()) {
            return Optional.empty();
        }
        Duration backoff = backoff(retriesOnProvider);
        Optional<Duration> asked = error.retryAfter();
        if (asked.isEmpty()) {
            return Optional.of(backoff);
        }
        return asked.filter(this::shortEnoughToWaitOut).map(wait -> wait.compareTo(backoff) > 0 ? wait : backoff);
    }

    private boolean shortEnoughToWaitOut(Duration wait) {
        return wait.compareTo(retry.maxRetryAfterInPlace()) <= 0;
    }

    private Duration backoff(int retryIndex) {
        double nanos = retry.initialBackoff().toNanos() * Math.pow(retry.multiplier(), retryIndex);
        nanos = Math.min(nanos, retry.maxBackoff().toNanos());
        if (retry.jitterFactor() > 0) {
            double spread = retry.jitterFactor() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
            nanos = nanos * (1 + spread);
        }
        return Duration.ofNanos((long) nanos);
    }

    /**
     * What the failure does to the provider's health. A policy that cools down for long ejects at once; so does
     * a backoff policy for a spent quota (for long), a rate limit (for its wait) and a connection that cannot be
     * opened (a dead endpoint); any other backoff fault is ordinary noise, weighed in the provider's window.
     */
    private static CooldownPlan cooldownFor(LlmException error, ErrorPolicy policy) {
        switch (policy.cooldown()) {
            case NONE:
                return CooldownPlan.NONE;
            case LONG:
                return CooldownPlan.LONG;
            default:
                if (error instanceof RateLimited && ((RateLimited) error).quotaExhausted()) {
                    return CooldownPlan.LONG;
                }
                Optional<Duration> hint = error.retryAfter().or(() -> error.details().rateLimit().exhaustedUntilReset());
                if (error instanceof RateLimited || DeadEndpoint.is(error)) {
                    return hint.map(CooldownPlan::exactly).orElse(CooldownPlan.BACKOFF);
                }
                return hint.map(CooldownPlan::outlierFor).orElse(CooldownPlan.OUTLIER);
        }
    }
}
