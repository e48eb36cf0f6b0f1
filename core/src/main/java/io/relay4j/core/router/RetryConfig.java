package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;

/**
 * How the router retries a provider in place after a brief fault. Immutable and validated.
 *
 * <p>The wait before in-place retry {@code n} (0-based) is {@code initialBackoff * multiplier^n}, capped at
 * {@code maxBackoff}, then spread by up to {@code jitterFactor} either way (0 gives exact waits, for tests).
 * A rate limit's own {@code retryAfter} replaces that wait when it is at most {@code maxRetryAfterInPlace};
 * a longer one makes the request fall over instead.
 *
 * @param initialBackoff       the wait before the first in-place retry
 * @param maxBackoff           the longest wait before an in-place retry
 * @param multiplier           growth of the wait per further retry (at least 1)
 * @param jitterFactor         the random spread of each wait, 0..1
 * @param maxRetriesInPlace    in-place retries per provider and request (0 disables them)
 * @param maxRetryAfterInPlace the longest {@code retryAfter} that is waited out on the same provider
 */
public record RetryConfig(Duration initialBackoff, Duration maxBackoff, double multiplier, double jitterFactor,
                          int maxRetriesInPlace, Duration maxRetryAfterInPlace) {

    /** 250 ms, doubling, at most 2 s, 20 % jitter, one retry in place, rate limits waited out up to 2 s. */
    public static final RetryConfig DEFAULT = builder().build();

    public RetryConfig {
        Checks.positive(initialBackoff, "initialBackoff");
        Checks.positive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff ("
                    + initialBackoff + ")");
        }
        Checks.atLeast(multiplier, 1.0, "multiplier");
        if (!(jitterFactor >= 0.0 && jitterFactor <= 1.0)) {
            throw new IllegalArgumentException("jitterFactor must be between 0 and 1, got " + jitterFactor);
        }
        if (maxRetriesInPlace < 0) {
            throw new IllegalArgumentException("maxRetriesInPlace must not be negative, got " + maxRetriesInPlace);
        }
        Checks.notNegative(maxRetryAfterInPlace, "maxRetryAfterInPlace");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder().initialBackoff(initialBackoff).maxBackoff(maxBackoff).multiplier(multiplier)
                .jitterFactor(jitterFactor).maxRetriesInPlace(maxRetriesInPlace)
                .maxRetryAfterInPlace(maxRetryAfterInPlace);
    }

    /** Builds a {@link RetryConfig}; values are checked at {@link #build()}. */
    public static final class Builder {
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private double multiplier = 2.0;
        private double jitterFactor = 0.2;
        private int maxRetriesInPlace = 1;
        private Duration maxRetryAfterInPlace = Duration.ofSeconds(2);

        private Builder() {
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        public Builder jitterFactor(double jitterFactor) {
            this.jitterFactor = jitterFactor;
            return this;
        }

        public Builder maxRetriesInPlace(int maxRetriesInPlace) {
            this.maxRetriesInPlace = maxRetriesInPlace;
            return this;
        }

        public Builder maxRetryAfterInPlace(Duration maxRetryAfterInPlace) {
            this.maxRetryAfterInPlace = maxRetryAfterInPlace;
            return this;
        }

        public RetryConfig build() {
            return new RetryConfig(initialBackoff, maxBackoff, multiplier, jitterFactor, maxRetriesInPlace,
                    maxRetryAfterInPlace);
        }
    }
}
