package io.relay4j.core.router;

import io.relay4j.core.error.ErrorType;
import java.util.Objects;

/**
 * What the router does when an attempt fails with one {@link ErrorType}: the next step for the request
 * ({@link Action}) and what happens to the failing provider's health ({@link Cooldown}). Immutable.
 *
 * <p>The defaults ({@link #defaultFor(ErrorType)}) follow the design: bans, auth failures, spent quotas and
 * missing models fall over at once and cool the provider down for long; throttling, overload, server
 * errors and resets before any response byte are retried once in place, then fall over; timeouts fall
 * over at once; content filtering and invalid requests fail fast, since the request is the cause. An
 * {@link io.relay4j.core.error.EmptyAnswer} falls over at once and counts as noise, not a ban: one empty
 * answer may be a gateway's masked refusal of this request only, while a provider that answers every request
 * empty is ejected by its failure rate, skipped for ever longer backoffs (up to {@link CooldownConfig#max()})
 * and still probed.
 *
 * <p>{@link Cooldown#BACKOFF} faults are ordinary noise unless they say otherwise: each counts in the provider's
 * outlier window, and the provider is ejected only when its failure rate or failures in a row stand out
 * ({@link OutlierConfig}); a rate limit, a spent quota and a connection that cannot be opened eject at once.
 * {@link Cooldown#LONG} faults eject at once. Either way the request's {@link Action} is the same.
 *
 * <p>Some refinements hold whatever the configured action, because they follow from the error itself:
 * a {@code RateLimited} is retried in place only when its {@code retryAfter} is short enough
 * ({@link RetryConfig#maxRetryAfterInPlace()}) and never when the quota is spent (which always cools
 * down for long when the policy cools down at all); any other fault that states a {@code retryAfter} is
 * retried in place only when that wait is short enough, and not sooner than it; a {@code TransportError}
 * after response bytes is never retried in place; a {@code ContextLengthExceeded} is never resent to the
 * same provider. When the policy cools down with {@link Cooldown#BACKOFF}, a stated {@code retryAfter}
 * (or an exhausted rate-limit counter's reset time) is the cooldown.
 *
 * <p>Write one with {@link #of(Action, Cooldown)}, or vary a default with {@link #toBuilder()}
 * ({@code ErrorPolicy.defaultFor(type).toBuilder().cooldown(Cooldown.NONE).build()}); {@link #custom()} starts
 * from falling over with a backoff cooldown. There is no single {@code ofDefaults()}: the default depends on the
 * error type ({@link #defaultFor(ErrorType)}). Immutable and thread-safe.
 */
public final class ErrorPolicy {

    /** The request's next step after a failed attempt. */
    public enum Action {
        /** Move on to the next provider at once. */
        FALL_OVER,
        /** Retry the same provider (bounded by {@link RetryConfig#maxRetriesInPlace()}), then move on. */
        RETRY_THEN_FALL_OVER,
        /** End the request with this error. */
        FAIL_FAST
    }

    /** How the failing provider's health changes when the request leaves it. */
    public enum Cooldown {
        /** Not the provider's fault: its health does not change. */
        NONE,
        /**
         * Noise: counts in the provider's outlier window, which ejects it for its {@code retryAfter}, or else a
         * backoff growing with repeated trips, once it stands out ({@link OutlierConfig}). A rate limit or a
         * connection that cannot be opened ejects at once.
         */
        BACKOFF,
        /** Cool down for {@link CooldownConfig#longCooldown()}: bans, bad keys, spent quotas, missing models. */
        LONG
    }

    private final Action action;
    private final Cooldown cooldown;

    private ErrorPolicy(Builder b) {
        this.action = b.action;
        this.cooldown = b.cooldown;
    }

    /** The policy that takes {@code action} and changes the provider's health by {@code cooldown}. */
    public static ErrorPolicy of(Action action, Cooldown cooldown) {
        return custom().action(action).cooldown(cooldown).build();
    }

    /** A builder starting from {@link Action#FALL_OVER} and {@link Cooldown#BACKOFF}. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder that starts from this policy, for a variant of it. */
    public Builder toBuilder() {
        return new Builder().action(action).cooldown(cooldown);
    }

    /** The request's next step. */
    public Action action() {
        return action;
    }

    /** How the failing provider's health changes when the request leaves it. */
    public Cooldown cooldown() {
        return cooldown;
    }

    /** The router's default policy for an error type. */
    public static ErrorPolicy defaultFor(ErrorType type) {
        Objects.requireNonNull(type, "type must not be null");
        switch (type) {
            case POLICY_VIOLATION:
            case AUTHENTICATION_FAILED:
            case MODEL_NOT_FOUND:
                return of(Action.FALL_OVER, Cooldown.LONG);
            case RATE_LIMITED:
            case OVERLOADED:
            case SERVER_ERROR:
            case TRANSPORT_ERROR:
                return of(Action.RETRY_THEN_FALL_OVER, Cooldown.BACKOFF);
            case TIMEOUT:
            case MALFORMED_RESPONSE:
            case EMPTY_ANSWER:
            case ALL_PROVIDERS_FAILED:
                return of(Action.FALL_OVER, Cooldown.BACKOFF);
            case CONTEXT_LENGTH_EXCEEDED:
            case INVALID_OUTPUT:
                return of(Action.FALL_OVER, Cooldown.NONE);
            case CONTENT_FILTERED:
            case INVALID_REQUEST:
            case STREAM_INTERRUPTED:
                return of(Action.FAIL_FAST, Cooldown.NONE);
            default:
                throw new IllegalArgumentException("no default policy for " + type);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorPolicy other && action == other.action && cooldown == other.cooldown;
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, cooldown);
    }

    @Override
    public String toString() {
        return "ErrorPolicy[action=" + action + ", cooldown=" + cooldown + "]";
    }

    /** Builds an {@link ErrorPolicy}; every setter refuses {@code null} at once. Not thread-safe. */
    public static final class Builder {
        private Action action = Action.FALL_OVER;
        private Cooldown cooldown = Cooldown.BACKOFF;

        private Builder() {
        }

        /** The request's next step after a failed attempt (default {@link Action#FALL_OVER}). */
        public Builder action(Action action) {
            this.action = Objects.requireNonNull(action, "action must not be null: FALL_OVER, "
                    + "RETRY_THEN_FALL_OVER or FAIL_FAST");
            return this;
        }

        /** How the failing provider's health changes (default {@link Cooldown#BACKOFF}). */
        public Builder cooldown(Cooldown cooldown) {
            this.cooldown = Objects.requireNonNull(cooldown, "cooldown must not be null: NONE, BACKOFF or LONG");
            return this;
        }

        public ErrorPolicy build() {
            return new ErrorPolicy(this);
        }
    }
}
