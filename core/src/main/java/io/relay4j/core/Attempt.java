package io.relay4j.core;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One try of one provider within a request, or a provider skipped without a call. Immutable; the router makes
 * them with the factories ({@link #success}, {@link #failure}, {@link #skipped}, {@link #cancelled}) and
 * {@link #builder(String, Kind, Outcome)}; a listener or test may build any attempt with the builder.
 */
public final class Attempt {

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
        MODEL_NOT_OFFERED,
        /**
         * The request needs something the provider does not declare in {@code ProviderInfo.capabilities()} (tools,
         * images, structured output, reasoning ...): it was not sent there, since it must fail.
         */
        MISSING_CAPABILITY
    }

    private final String provider;
    private final Kind kind;
    private final Outcome outcome;
    private final Optional<ErrorType> errorType;
    private final Optional<SkipReason> skipReason;
    private final Duration latency;
    private final Usage usage;
    private final Optional<BigDecimal> cost;
    private final Optional<String> detail;
    private final Optional<LlmException> error;
    private final boolean usageEstimated;

    private Attempt(Builder b) {
        this.provider = Objects.requireNonNull(b.provider, "provider must be set");
        this.kind = Objects.requireNonNull(b.kind, "kind must be set");
        this.outcome = Objects.requireNonNull(b.outcome, "outcome must be set");
        this.errorType = b.errorType;
        this.skipReason = b.skipReason;
        this.latency = b.latency;
        this.usage = b.usage;
        this.cost = b.cost;
        this.detail = b.detail;
        this.error = b.error;
        this.usageEstimated = b.usageEstimated;
    }

    private Attempt(String provider, Kind kind, Outcome outcome, Duration latency, Usage usage) {
        this.provider = provider;
        this.kind = kind;
        this.outcome = outcome;
        this.errorType = Optional.empty();
        this.skipReason = Optional.empty();
        this.latency = latency;
        this.usage = usage;
        this.cost = Optional.empty();
        this.detail = Optional.empty();
        this.error = Optional.empty();
        this.usageEstimated = false;
    }

    public static Attempt success(String provider, Kind kind, Duration latency, Usage usage) {
        // without a builder: one of these is made for every answer the router returns
        return new Attempt(Objects.requireNonNull(provider, "provider must not be null"),
                Objects.requireNonNull(kind, "kind must not be null"), Outcome.SUCCESS, checkedLatency(latency),
                Objects.requireNonNull(usage, "usage must not be null"));
    }

    private static Duration checkedLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency must not be null");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        return latency;
    }

    public static Attempt failure(String provider, Kind kind, Duration latency, LlmException error) {
        return builder(provider, kind, Outcome.FAILED).latency(latency).error(error).build();
    }

    public static Attempt skipped(String provider, Kind kind, SkipReason reason) {
        return builder(provider, kind, Outcome.SKIPPED).skipReason(reason).build();
    }

    public static Attempt cancelled(String provider, Kind kind, Duration latency) {
        return builder(provider, kind, Outcome.CANCELLED).latency(latency).build();
    }

    /**
     * A builder for any attempt; latency defaults to zero, usage to {@link Usage#NONE}, the rest to empty and
     * {@code usageEstimated} to false.
     */
    public static Builder builder(String provider, Kind kind, Outcome outcome) {
        return new Builder(provider, kind, outcome);
    }

    /** A builder that starts from this attempt, for a variant of it. */
    public Builder toBuilder() {
        Builder b = new Builder(provider, kind, outcome).latency(latency).usage(usage)
                .usageEstimated(usageEstimated);
        b.errorType = errorType;
        b.skipReason = skipReason;
        b.cost = cost;
        b.detail = detail;
        b.error = error;
        return b;
    }

    /** This attempt with the usage the vendor reported. */
    public Attempt withUsage(Usage newUsage) {
        return toBuilder().usage(newUsage).usageEstimated(false).build();
    }

    /** This attempt with usage the router estimated, marked {@linkplain #usageEstimated() as estimated}. */
    public Attempt withEstimatedUsage(Usage estimate) {
        return toBuilder().usage(estimate).usageEstimated(true).build();
    }

    /** This attempt with its cost, or without one for {@code null}. */
    public Attempt withCost(BigDecimal newCost) {
        Builder b = toBuilder();
        b.cost = Optional.ofNullable(newCost);
        return b.build();
    }

    /** This attempt with a note, or without one for {@code null}. */
    public Attempt withDetail(String newDetail) {
        Builder b = toBuilder();
        b.detail = Optional.ofNullable(newDetail);
        return b.build();
    }

    /** The provider's name. */
    public String provider() {
        return provider;
    }

    /** Why this attempt was made (first choice, retry, fallback, hedge, resume). */
    public Kind kind() {
        return kind;
    }

    /** How it ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** The failure's type, for {@link Outcome#FAILED}. */
    public Optional<ErrorType> errorType() {
        return errorType;
    }

    /** Why no call was made, for {@link Outcome#SKIPPED}. */
    public Optional<SkipReason> skipReason() {
        return skipReason;
    }

    /** From the attempt's start to its end (zero for a skip). */
    public Duration latency() {
        return latency;
    }

    /**
     * Tokens this attempt consumed as the vendor reported them (partial and failed attempts included), or as the
     * router estimated them when {@link #usageEstimated()}.
     */
    public Usage usage() {
        return usage;
    }

    /** This attempt's cost where the model's price is known (an estimate when {@link #usageEstimated()}). */
    public Optional<BigDecimal> cost() {
        return cost;
    }

    /** A short note (for example a skipped malformed event or a validation message). */
    public Optional<String> detail() {
        return detail;
    }

    /** The failure itself, for {@link Outcome#FAILED}. */
    public Optional<LlmException> error() {
        return error;
    }

    /**
     * True when the vendor reported no usage for a call it may still bill, so the router estimated it: a call
     * cancelled by anyone (the caller, a hedge race it lost, a deadline) or broken after text had arrived. Input
     * is estimated from the request sent (about four characters a token), output from the characters received;
     * the cost is that estimate priced, and it counts against the provider's budgets like a reported cost. A call
     * that failed with an error reply and no text carries no usage and is not estimated.
     */
    public boolean usageEstimated() {
        return usageEstimated;
    }

    /** True when this attempt was a hedge (a backup request). */
    public boolean isHedge() {
        return kind == Kind.HEDGE;
    }

    /** True when this attempt produced the answer. */
    public boolean won() {
        return outcome == Outcome.SUCCESS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attempt other && provider.equals(other.provider) && kind == other.kind
                && outcome == other.outcome && errorType.equals(other.errorType)
                && skipReason.equals(other.skipReason) && latency.equals(other.latency) && usage.equals(other.usage)
                && cost.equals(other.cost) && detail.equals(other.detail) && error.equals(other.error)
                && usageEstimated == other.usageEstimated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, kind, outcome, errorType, skipReason, latency, usage, cost, detail, error,
                usageEstimated);
    }

    @Override
    public String toString() {
        return "Attempt[provider=" + provider + ", kind=" + kind + ", outcome=" + outcome
                + errorType.map(t -> ", errorType=" + t).orElse("")
                + skipReason.map(r -> ", skipReason=" + r).orElse("")
                + ", latency=" + latency.toMillis() + "ms, usage=" + usage
                + cost.map(c -> ", cost=" + c.toPlainString()).orElse("")
                + (usageEstimated ? ", usageEstimated" : "") + "]";
    }

    /** Builds an {@link Attempt}; every setter refuses {@code null}. Not thread-safe. */
    public static final class Builder {
        private final String provider;
        private final Kind kind;
        private final Outcome outcome;
        private Optional<ErrorType> errorType = Optional.empty();
        private Optional<SkipReason> skipReason = Optional.empty();
        private Duration latency = Duration.ZERO;
        private Usage usage = Usage.NONE;
        private Optional<BigDecimal> cost = Optional.empty();
        private Optional<String> detail = Optional.empty();
        private Optional<LlmException> error = Optional.empty();
        private boolean usageEstimated;

        private Builder(String provider, Kind kind, Outcome outcome) {
            this.provider = Objects.requireNonNull(provider, "provider must not be null");
            this.kind = Objects.requireNonNull(kind, "kind must not be null");
            this.outcome = Objects.requireNonNull(outcome, "outcome must not be null");
        }

        /** The failure's type, for a failed attempt whose exception is not kept. */
        public Builder errorType(ErrorType type) {
            this.errorType = Optional.of(Objects.requireNonNull(type, "errorType must not be null"));
            return this;
        }

        /** The failure itself; also sets its {@linkplain #errorType(ErrorType) type}. */
        public Builder error(LlmException error) {
            Objects.requireNonNull(error, "error must not be null");
            this.error = Optional.of(error);
            this.errorType = Optional.of(error.type());
            return this;
        }

        /** Why no call was made, for a skipped attempt. */
        public Builder skipReason(SkipReason reason) {
            this.skipReason = Optional.of(Objects.requireNonNull(reason, "skipReason must not be null"));
            return this;
        }

        /** From the attempt's start to its end (not negative; default zero). */
        public Builder latency(Duration latency) {
            this.latency = checkedLatency(latency);
            return this;
        }

        /** Tokens the attempt consumed (default {@link Usage#NONE}). */
        public Builder usage(Usage usage) {
            this.usage = Objects.requireNonNull(usage, "usage must not be null");
            return this;
        }

        /** Whether the usage is the router's estimate rather than the vendor's report (default false). */
        public Builder usageEstimated(boolean estimated) {
            this.usageEstimated = estimated;
            return this;
        }

        /** The attempt's cost in US dollars. */
        public Builder cost(BigDecimal cost) {
            this.cost = Optional.of(Objects.requireNonNull(cost, "cost must not be null"));
            return this;
        }

        /** A short note (for example a skipped malformed event or a validation message). */
        public Builder detail(String detail) {
            this.detail = Optional.of(Objects.requireNonNull(detail, "detail must not be null"));
            return this;
        }

        public Attempt build() {
            return new Attempt(this);
        }
    }
}
