package io.relay4j.core;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One try of one provider within a request, or a provider skipped without a call.
 *
 * @param provider   the provider's name
 * @param kind       why this attempt was made (first choice, retry, fallback, hedge, resume)
 * @param outcome    how it ended
 * @param errorType  the failure's type, for {@link Outcome#FAILED}
 * @param skipReason why no call was made, for {@link Outcome#SKIPPED}
 * @param latency    from the attempt's start to its end (zero for a skip)
 * @param usage      tokens this attempt consumed as the vendor reported them (partial and failed attempts
 *                   included), or as the router estimated them when {@code usageEstimated}
 * @param cost       this attempt's cost where the model's price is known (an estimate when {@code usageEstimated})
 * @param detail     a short note (for example a skipped malformed event or a validation message)
 * @param error      the failure itself, for {@link Outcome#FAILED}
 * @param usageEstimated true when the vendor reported no usage for a call it may still bill, so the router
 *                   estimated it: a call cancelled by anyone (the caller, a hedge race it lost, a deadline)
 *                   or broken after text had arrived. Input is estimated from the request sent (about four
 *                   characters a token), output from the characters received; the cost is that estimate
 *                   priced, and it counts against the provider's budgets like a reported cost. A call that
 *                   failed with an error reply and no text carries no usage and is not estimated.
 */
public record Attempt(
        String provider,
        Kind kind,
        Outcome outcome,
        Optional<ErrorType> errorType,
        Optional<SkipReason> skipReason,
        Duration latency,
        Usage usage,
        Optional<BigDecimal> cost,
        Optional<String> detail,
        Optional<LlmException> error,
        boolean usageEstimated) {

    /** Why an attempt was made. */
    public enum Kind {
        /** The first provider tried for the request. */
        PRIMARY,
        /** The same provider again, after a brief fault. */
        RETRY,
        /** The next provider, after the previous one failed or was skipped. */
        FALLBACK,
        /** A backup request fired because the earlier attempt was slow. */
        HEDGE,
        /** A stream continued on another provider from a partial answer. */
        RESUME
    }

    /** How an attempt ended. */
    public enum Outcome {
        SUCCESS,
        FAILED,
        /** No call was made: see {@link Attempt#skipReason()}. */
        SKIPPED,
        /** Cancelled: the caller went away, or another attempt won the race. */
        CANCELLED
    }

    /** Why a provider was passed over without a call. */
    public enum SkipReason {
        COOLING_DOWN,
        DISABLED,
        CONCURRENCY_LIMIT,
        OVER_BUDGET,
        CONTEXT_WINDOW,
        /** The request failed on this provider before with an error that must not be resent there. */
        NOT_RESENT,
        /**
         * The request names a model (an alias or a model id, {@code LlmRequest.model()}) that other providers
         * declare and this one does not ({@code ProviderOptions.alias}, {@code ProviderOptions.models}).
         */
        MODEL_NOT_OFFERED
    }

    public Attempt {
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(outcome, "outcome must not be null");
        Objects.requireNonNull(errorType, "errorType must not be null");
        Objects.requireNonNull(skipReason, "skipReason must not be null");
        Objects.requireNonNull(latency, "latency must not be null");
        Objects.requireNonNull(usage, "usage must not be null");
        Objects.requireNonNull(cost, "cost must not be null");
        Objects.requireNonNull(detail, "detail must not be null");
        Objects.requireNonNull(error, "error must not be null");
    }

    /** An attempt with reported (not estimated) usage: the shape before {@code usageEstimated} existed. */
    public Attempt(String provider, Kind kind, Outcome outcome, Optional<ErrorType> errorType,
                   Optional<SkipReason> skipReason, Duration latency, Usage usage, Optional<BigDecimal> cost,
                   Optional<String> detail, Optional<LlmException> error) {
        this(provider, kind, outcome, errorType, skipReason, latency, usage, cost, detail, error, false);
    }

    public static Attempt success(String provider, Kind kind, Duration latency, Usage usage) {
        return new Attempt(provider, kind, Outcome.SUCCESS, Optional.empty(), Optional.empty(), latency, usage,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Attempt failure(String provider, Kind kind, Duration latency, LlmException error) {
        return new Attempt(provider, kind, Outcome.FAILED, Optional.of(error.type()), Optional.empty(), latency,
                Usage.NONE, Optional.empty(), Optional.empty(), Optional.of(error));
    }

    public static Attempt skipped(String provider, Kind kind, SkipReason reason) {
        return new Attempt(provider, kind, Outcome.SKIPPED, Optional.empty(), Optional.of(reason), Duration.ZERO,
                Usage.NONE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Attempt cancelled(String provider, Kind kind, Duration latency) {
        return new Attempt(provider, kind, Outcome.CANCELLED, Optional.empty(), Optional.empty(), latency,
                Usage.NONE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This attempt with the usage the vendor reported. */
    public Attempt withUsage(Usage newUsage) {
        return new Attempt(provider, kind, outcome, errorType, skipReason, latency, newUsage, cost, detail, error,
                false);
    }

    /** This attempt with usage the router estimated, marked {@linkplain #usageEstimated() as estimated}. */
    public Attempt withEstimatedUsage(Usage estimate) {
        return new Attempt(provider, kind, outcome, errorType, skipReason, latency, estimate, cost, detail, error,
                true);
    }

    public Attempt withCost(BigDecimal newCost) {
        return new Attempt(provider, kind, outcome, errorType, skipReason, latency, usage,
                Optional.ofNullable(newCost), detail, error, usageEstimated);
    }

    public Attempt withDetail(String newDetail) {
        return new Attempt(provider, kind, outcome, errorType, skipReason, latency, usage, cost,
                Optional.ofNullable(newDetail), error, usageEstimated);
    }

    /** True when this attempt was a hedge (a backup request). */
    public boolean isHedge() {
        return kind == Kind.HEDGE;
    }

    /** True when this attempt produced the answer. */
    public boolean won() {
        return outcome == Outcome.SUCCESS;
    }
}
