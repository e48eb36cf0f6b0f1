package io.relay4j.core.router;

import java.util.Objects;

/**
 * An adaptive limit on one provider's calls in progress, set with
 * {@link ProviderOptions.Builder#adaptiveConcurrency(AdaptiveConcurrency)}: instead of a fixed
 * {@link ProviderOptions.Builder#concurrencyLimit(int) concurrencyLimit}, the router finds how many calls the
 * vendor takes at once by additive increase and multiplicative decrease (AIMD), so a burst spills to the next
 * provider before the vendor throttles or bans the account. A request that finds the limit full skips the
 * provider at once ({@code SkipReason.CONCURRENCY_LIMIT}) and goes on to the next one; nothing waits.
 *
 * <p>What moves the limit, always within {@link #minLimit()} and {@link #maxLimit()}:
 * <ul>
 *   <li><b>up</b> by one per limit's worth of successful calls (about one per round trip), while the calls in
 *       progress use at least half of it (an idle provider's limit does not grow without bound);</li>
 *   <li><b>down</b> to {@link #backoffRatio()} of itself on a rate limit (HTTP 429, not a spent quota) or an
 *       overload (529, "overloaded"), and when a successful answer's rate-limit headers
 *       ({@code x-ratelimit-remaining-*}, {@code anthropic-ratelimit-*-remaining}) show that at most
 *       {@link #rateLimitHeadroom()} of the vendor's window is left, before the vendor throttles;</li>
 *   <li><b>down</b> by a tenth when the recent latency (an average over about the last 10 calls) rises above
 *       {@link #latencyTolerance()} times its baseline (an average over about the last 200): whole answers
 *       and streams' times to first token are followed apart.</li>
 * </ul>
 * A decrease is taken at most once per round trip: a signal from a call that started before the last
 * decrease does not lower the limit again, so a burst of 429s answered to the calls already in flight counts
 * as one.
 *
 * <p>Immutable and thread-safe; build one with {@link #custom()}, take {@link #ofDefaults()}, or vary one with
 * {@link #toBuilder()}. Every setter checks its value at once; {@link Builder#build()} checks that the initial
 * limit lies within the bounds.
 */
public final class AdaptiveConcurrency {

    private static final AdaptiveConcurrency DEFAULTS = custom().build();

    private final int minLimit;
    private final int maxLimit;
    private final int initialLimit;
    private final double backoffRatio;
    private final double latencyTolerance;
    private final double rateLimitHeadroom;

    private AdaptiveConcurrency(Builder b) {
        this.minLimit = b.minLimit;
        this.maxLimit = b.maxLimit;
        this.initialLimit = b.initialLimit;
        this.backoffRatio = b.backoffRatio;
        this.latencyTolerance = b.latencyTolerance;
        this.rateLimitHeadroom = b.rateLimitHeadroom;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * Between 1 and 200 calls, starting at 20; halved on a throttle; lowered by a tenth when latency doubles;
     * lowered when 5% or less of the vendor's rate-limit window is left.
     */
    public static AdaptiveConcurrency ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from this configuration, for a variant of it. */
    public Builder toBuilder() {
        return new Builder().limits(minLimit, maxLimit).initialLimit(initialLimit).backoffRatio(backoffRatio)
                .latencyTolerance(latencyTolerance).rateLimitHeadroom(rateLimitHeadroom);
    }

    /** The lowest the limit goes (at least 1): the provider always takes this many calls at once. */
    public int minLimit() {
        return minLimit;
    }

    /** The highest the limit goes. */
    public int maxLimit() {
        return maxLimit;
    }

    /** The limit when the provider is added, before any call taught the router more. */
    public int initialLimit() {
        return initialLimit;
    }

    /** What a throttle (a 429, an overload, rate-limit headers near zero) multiplies the limit by, in (0, 1). */
    public double backoffRatio() {
        return backoffRatio;
    }

    /**
     * How many times its baseline the recent latency may reach before the limit is lowered (above 1);
     * {@link Double#POSITIVE_INFINITY} when latency is ignored.
     */
    public double latencyTolerance() {
        return latencyTolerance;
    }

    /**
     * The share of the vendor's rate-limit window (requests or tokens) left at or under which a successful
     * answer lowers the limit, in [0, 1); at 0 only a counter at zero does.
     */
    public double rateLimitHeadroom() {
        return rateLimitHeadroom;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdaptiveConcurrency other && minLimit == other.minLimit && maxLimit == other.maxLimit
                && initialLimit == other.initialLimit && backoffRatio == other.backoffRatio
                && latencyTolerance == other.latencyTolerance && rateLimitHeadroom == other.rateLimitHeadroom;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minLimit, maxLimit, initialLimit, backoffRatio, latencyTolerance, rateLimitHeadroom);
    }

    @Override
    public String toString() {
        return "AdaptiveConcurrency[limits=" + minLimit + ".." + maxLimit + ", initialLimit=" + initialLimit
                + ", backoffRatio=" + backoffRatio + ", latencyTolerance=" + latencyTolerance
                + ", rateLimitHeadroom=" + rateLimitHeadroom + "]";
    }

    /** Builds {@link AdaptiveConcurrency}; every setter validates at once. Not thread-safe. */
    public static final class Builder {
        private int minLimit = 1;
        private int maxLimit = 200;
        private int initialLimit = 20;
        private boolean initialSet;
        private double backoffRatio = 0.5;
        private double latencyTolerance = 2.0;
        private double rateLimitHeadroom = 0.05;

        private Builder() {
        }

        /** The bounds of the limit: {@code 1 <= min <= max} (default 1 and 200). */
        public Builder limits(int min, int max) {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("adaptiveConcurrency limits must satisfy 1 <= min <= max, got min "
                        + min + " and max " + max);
            }
            this.minLimit = min;
            this.maxLimit = max;
            return this;
        }

        /** The starting limit, at least 1 and within the bounds when built (default 20, or the nearest bound). */
        public Builder initialLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("adaptiveConcurrency initialLimit must be at least 1, got " + limit);
            }
            this.initialLimit = limit;
            this.initialSet = true;
            return this;
        }

        /** What a throttle multiplies the limit by: above 0 and below 1 (default 0.5). */
        public Builder backoffRatio(double ratio) {
            if (!(ratio > 0 && ratio < 1)) {
                throw new IllegalArgumentException("adaptiveConcurrency backoffRatio must be above 0 and below 1, got "
                        + ratio);
            }
            this.backoffRatio = ratio;
            return this;
        }

        /**
         * How many times its baseline the recent latency may reach before the limit is lowered: above 1
         * (default 2), or {@link Double#POSITIVE_INFINITY} to ignore latency (vendors whose answer lengths vary
         * widely).
         */
        public Builder latencyTolerance(double tolerance) {
            if (!(tolerance > 1)) {
                throw new IllegalArgumentException("adaptiveConcurrency latencyTolerance must be above 1 "
                        + "(Double.POSITIVE_INFINITY to ignore latency), got " + tolerance);
            }
            this.latencyTolerance = tolerance;
            return this;
        }

        /**
         * The share of the vendor's rate-limit window left at or under which a successful answer lowers the limit:
         * at least 0 and below 1 (default 0.05); 0 reacts only to a counter at zero.
         */
        public Builder rateLimitHeadroom(double share) {
            if (!(share >= 0 && share < 1)) {
                throw new IllegalArgumentException("adaptiveConcurrency rateLimitHeadroom must be at least 0 and below 1, "
                        + "got " + share);
            }
            this.rateLimitHeadroom = share;
            return this;
        }

        /** The configuration; refused when an initial limit set lies outside the bounds. */
        public AdaptiveConcurrency build() {
            if (!initialSet) {
                initialLimit = Math.max(minLimit, Math.min(maxLimit, 20));
            }
            if (initialLimit < minLimit || initialLimit > maxLimit) {
                throw new IllegalArgumentException("adaptiveConcurrency initialLimit must lie within the limits "
                        + minLimit + ".." + maxLimit + ", got " + initialLimit);
            }
            return new AdaptiveConcurrency(this);
        }
    }
}
