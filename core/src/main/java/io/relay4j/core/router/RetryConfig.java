package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * How the router retries a provider in place after a brief fault. Immutable and thread-safe; build one with
 * {@link #custom()}, take {@link #ofDefaults()}, or vary one with {@link #toBuilder()}. Every setter checks its
 * value at once.
 *
 * <p>The wait before in-place retry {@code n} (0-based) is {@code initialBackoff * multiplier^n}, capped at
 * {@code maxBackoff}, then spread by up to {@code jitterFactor} either way (0 gives exact waits, for tests).
 * A rate limit's own {@code retryAfter} replaces that wait when it is at most {@code maxRetryAfterInPlace};
 * a longer one makes the request fall over instead.
 */
public final class RetryConfig {

    private static final RetryConfig DEFAULTS = custom().build();

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitterFactor;
    private final int maxRetriesInPlace;
    private final Duration maxRetryAfterInPlace;

    private RetryConfig(Builder b) {
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.jitterFactor = b.jitterFactor;
        this.maxRetriesInPlace = b.maxRetriesInPlace;
        this.maxRetryAfterInPlace = b.maxRetryAfterInPlace;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** 250 ms, doubling, at most 2 s, 20 % jitter, one retry in place, rate limits waited out up to 2 s. */
    public static RetryConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from this configuration, for a variant of it. */
    public Builder toBuilder() {
        return new Builder().initialBackoff(initialBackoff).maxBackoff(maxBackoff).multiplier(multiplier)
                .jitterFactor(jitterFactor).maxRetriesInPlace(maxRetriesInPlace)
                .maxRetryAfterInPlace(maxRetryAfterInPlace);
    }

    /** The wait before the first in-place retry. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The longest wait before an in-place retry. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Growth of the wait per further retry (at least 1). */
    public double multiplier() {
        return multiplier;
    }

    /** The random spread of each wait, 0..1. */
    public double jitterFactor() {
        return jitterFactor;
    }

    /** In-place retries per provider and request (0 disables them). */
    public int maxRetriesInPlace() {
        return maxRetriesInPlace;
    }

    /** The longest {@code retryAfter} that is waited out on the same provider. */
    public Duration maxRetryAfterInPlace() {
        return maxRetryAfterInPlace;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryConfig other && initialBackoff.equals(other.initialBackoff)
                && maxBackoff.equals(other.maxBackoff) && multiplier == other.multiplier
                && jitterFactor == other.jitterFactor && maxRetriesInPlace == other.maxRetriesInPlace
                && maxRetryAfterInPlace.equals(other.maxRetryAfterInPlace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialBackoff, maxBackoff, multiplier, jitterFactor, maxRetriesInPlace,
                maxRetryAfterInPlace);
    }

    @Override
    public String toString() {
        return "RetryConfig[initialBackoff=" + initialBackoff.toMillis() + "ms, maxBackoff=" + maxBackoff.toMillis()
                + "ms, multiplier=" + multiplier + ", jitterFactor=" + jitterFactor + ", maxRetriesInPlace="
                + maxRetriesInPlace + ", maxRetryAfterInPlace=" + maxRetryAfterInPlace.toMillis() + "ms]";
    }

    /**
     * Builds a {@link RetryConfig}; every setter validates at once, and {@link #build()} checks that
     * {@code maxBackoff} is not shorter than {@code initialBackoff}. Not thread-safe.
     */
    public static final class Builder {
        private Duration initialBackoff = Duration.ofMillis(250);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private double multiplier = 2.0;
        private double jitterFactor = 0.2;
        private int maxRetriesInPlace = 1;
        private Duration maxRetryAfterInPlace = Duration.ofSeconds(2);

        private Builder() {
        }

        /** The wait before the first in-place retry (positive; default 250 ms). */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Checks.positive(initialBackoff, "initialBackoff");
            return this;
        }

        /** The longest wait before an in-place retry (positive, at least {@code initialBackoff}; default 2 s). */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Checks.positive(maxBackoff, "maxBackoff");
            return this;
        }

        /** Growth of the wait per further retry (at least 1; default 2). */
        public Builder multiplier(double multiplier) {
            this.multiplier = Checks.atLeast(multiplier, 1.0, "multiplier");
            return this;
        }

        /** The random spread of each wait either way (0 to 1; default 0.2; 0 for exact waits). */
        public Builder jitterFactor(double jitterFactor) {
            if (!(jitterFactor >= 0.0 && jitterFactor <= 1.0)) {
                throw new IllegalArgumentException("jitterFactor must be between 0 and 1, got " + jitterFactor);
            }
            this.jitterFactor = jitterFactor;
            return this;
        }

        /** In-place retries per provider and request (0 or more; default 1; 0 disables them). */
        public Builder maxRetriesInPlace(int maxRetriesInPlace) {
            if (maxRetriesInPlace < 0) {
                throw new IllegalArgumentException("maxRetriesInPlace must not be negative, got " + maxRetriesInPlace
                        + ": use 0 to disable in-place retries");
            }
            this.maxRetriesInPlace = maxRetriesInPlace;
            return this;
        }

        /** The longest {@code retryAfter} waited out on the same provider (zero or more; default 2 s). */
        public Builder maxRetryAfterInPlace(Duration maxRetryAfterInPlace) {
            this.maxRetryAfterInPlace = Checks.notNegative(maxRetryAfterInPlace, "maxRetryAfterInPlace");
            return this;
        }

        public RetryConfig build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff (" + maxBackoff
                        + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
            }
            return new RetryConfig(this);
        }
    }
}
