package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the router sends a backup ("hedge") of a slow request to the next provider. Off by default
 * ({@link #ofDefaults()}); on once a delay is given: {@code HedgingConfig.custom().fixedDelay(..).build()} or
 * {@code HedgingConfig.custom().percentileDelay(..).build()}. When on, a request that has no answer after the
 * hedge delay is also sent to the next provider the strategy orders; the first success wins and the other calls
 * are cancelled.
 *
 * <p>The delay is either fixed, or a percentile (for example p95) of the primary provider's recent
 * latencies (time to first token for streams), held between a floor and a ceiling; until the provider
 * has {@link #minSamples()} samples the ceiling is used. Up to {@link #maxHedges()} hedges are sent per
 * request, one per elapsed delay. A budget caps the extra load: hedges stay within
 * {@link #budgetFraction()} of requests (a token bucket that starts empty and saves up at most
 * {@link #budgetBurst()} hedges), so hedging can never double the load during an outage.
 * Immutable and thread-safe; vary one with {@link #toBuilder()}. Every setter checks its value at once.
 */
public final class HedgingConfig {

    public static final int DEFAULT_MAX_HEDGES = 1;
    public static final double DEFAULT_BUDGET_FRACTION = 0.05;
    public static final int DEFAULT_BUDGET_BURST = 10;
    public static final int DEFAULT_MIN_SAMPLES = 20;

    private static final HedgingConfig DEFAULTS = custom().build();

    private final Duration fixedDelay;
    private final double percentile;
    private final Duration floor;
    private final Duration ceiling;
    private final int minSamples;
    private final int maxHedges;
    private final double budgetFraction;
    private final int budgetBurst;

    private HedgingConfig(Builder b) {
        this.fixedDelay = b.fixedDelay;
        this.percentile = b.percentile;
        this.floor = b.floor;
        this.ceiling = b.ceiling;
        this.minSamples = b.minSamples;
        this.maxHedges = b.maxHedges;
        this.budgetFraction = b.budgetFraction;
        this.budgetBurst = b.budgetBurst;
    }

    /**
     * A builder with no delay set, which builds the off config; {@link Builder#fixedDelay(Duration)} or
     * {@link Builder#percentileDelay(double, Duration, Duration)} turns hedging on.
     */
    public static Builder custom() {
        return new Builder();
    }

    /** No hedging (the router's default). */
    public static HedgingConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from this configuration, for a variant of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fixedDelay = fixedDelay;
        b.percentile = percentile;
        b.floor = floor;
        b.ceiling = ceiling;
        b.minSamples = minSamples;
        b.maxHedges = maxHedges;
        b.budgetFraction = budgetFraction;
        b.budgetBurst = budgetBurst;
        return b;
    }

    /** Whether the router hedges: true once a delay is set. */
    public boolean enabled() {
        return percentile > 0 || !fixedDelay.isZero();
    }

    /** The fixed delay, when the delay is not percentile-based. */
    public Optional<Duration> fixedDelay() {
        return enabled() && percentile == 0 ? Optional.of(fixedDelay) : Optional.empty();
    }

    /** The percentile the delay follows, when percentile-based. */
    public Optional<Double> percentile() {
        return percentile > 0 ? Optional.of(percentile) : Optional.empty();
    }

    /** The shortest percentile-based delay. */
    public Duration floor() {
        return floor;
    }

    /** The longest percentile-based delay; also the delay while samples are too few. */
    public Duration ceiling() {
        return ceiling;
    }

    /** Samples a provider needs before its percentile is trusted. */
    public int minSamples() {
        return minSamples;
    }

    /** Most hedges per request. */
    public int maxHedges() {
        return maxHedges;
    }

    /** Hedges allowed per request, on average. */
    public double budgetFraction() {
        return budgetFraction;
    }

    /** Most hedges a quiet period can save up for a burst. */
    public int budgetBurst() {
        return budgetBurst;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HedgingConfig other && fixedDelay.equals(other.fixedDelay)
                && percentile == other.percentile && floor.equals(other.floor) && ceiling.equals(other.ceiling)
                && minSamples == other.minSamples && maxHedges == other.maxHedges
                && budgetFraction == other.budgetFraction && budgetBurst == other.budgetBurst;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fixedDelay, percentile, floor, ceiling, minSamples, maxHedges, budgetFraction,
                budgetBurst);
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "HedgingConfig[disabled]";
        }
        String delay = percentile > 0
                ? "p" + percentile + " in [" + floor.toMillis() + "ms, " + ceiling.toMillis() + "ms] after "
                        + minSamples + " samples"
                : fixedDelay.toMillis() + "ms";
        return "HedgingConfig[delay=" + delay + ", maxHedges=" + maxHedges + ", budgetFraction=" + budgetFraction
                + ", budgetBurst=" + budgetBurst + "]";
    }

    /**
     * Builds a {@link HedgingConfig}; every setter validates at once. Hedging is on once a delay is set (the last
     * of {@link #fixedDelay(Duration)} and {@link #percentileDelay(double, Duration, Duration)} wins); without one
     * the builder builds the off config. Not thread-safe.
     */
    public static final class Builder {

        private Duration fixedDelay = Duration.ZERO;
        private double percentile;
        private Duration floor = Duration.ZERO;
        private Duration ceiling = Duration.ZERO;
        private int minSamples = DEFAULT_MIN_SAMPLES;
        private int maxHedges = DEFAULT_MAX_HEDGES;
        private double budgetFraction = DEFAULT_BUDGET_FRACTION;
        private int budgetBurst = DEFAULT_BUDGET_BURST;

        private Builder() {
        }

        /** Hedges after a fixed delay (positive). */
        public Builder fixedDelay(Duration delay) {
            this.fixedDelay = Checks.positive(delay, "hedge delay");
            this.percentile = 0;
            this.floor = Duration.ZERO;
            this.ceiling = Duration.ZERO;
            return this;
        }

        /**
         * Hedges after the {@code percentile} (in (0, 100), for example 95) of the primary provider's recent
         * latencies, but never sooner than {@code floor} (positive) nor later than {@code ceiling} (at least the
         * floor).
         */
        public Builder percentileDelay(double percentile, Duration floor, Duration ceiling) {
            if (!(percentile > 0 && percentile < 100)) {
                throw new IllegalArgumentException("hedge delay percentile must be in (0, 100), was " + percentile);
            }
            Checks.positive(floor, "hedge delay floor");
            Objects.requireNonNull(ceiling, "hedge delay ceiling must not be null");
            if (ceiling.compareTo(floor) < 0) {
                throw new IllegalArgumentException("hedge delay ceiling (" + ceiling
                        + ") must not be below its floor (" + floor + ")");
            }
            this.fixedDelay = Duration.ZERO;
            this.percentile = percentile;
            this.floor = floor;
            this.ceiling = ceiling;
            return this;
        }

        /** Most hedges per request (at least 1; default 1). */
        public Builder maxHedges(int maxHedges) {
            if (maxHedges < 1) {
                throw new IllegalArgumentException("maxHedges must be at least 1, was " + maxHedges
                        + " (use HedgingConfig.ofDefaults() for no hedging)");
            }
            this.maxHedges = maxHedges;
            return this;
        }

        /** Hedges allowed per request, on average (in (0, 1]; default 0.05: at most 5% more calls). */
        public Builder budgetFraction(double budgetFraction) {
            if (!(budgetFraction > 0 && budgetFraction <= 1)) {
                throw new IllegalArgumentException("budgetFraction must be in (0, 1], was " + budgetFraction);
            }
            this.budgetFraction = budgetFraction;
            return this;
        }

        /** Most hedges a quiet period can save up for a burst (at least 1; default 10). */
        public Builder budgetBurst(int budgetBurst) {
            if (budgetBurst < 1) {
                throw new IllegalArgumentException("budgetBurst must be at least 1 hedge, was " + budgetBurst);
            }
            this.budgetBurst = budgetBurst;
            return this;
        }

        /** Samples a provider needs before its percentile sets the delay (at least 1; default 20). */
        public Builder minSamples(int minSamples) {
            if (minSamples < 1) {
                throw new IllegalArgumentException("minSamples must be at least 1, was " + minSamples);
            }
            this.minSamples = minSamples;
            return this;
        }

        public HedgingConfig build() {
            return new HedgingConfig(this);
        }
    }
}
