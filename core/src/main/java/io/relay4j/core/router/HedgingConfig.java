package io.relay4j.core.router;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the router sends a backup ("hedge") of a slow request to the next provider. Off by default
 * ({@link #disabled()}). When on, a request that has no answer after the hedge delay is also sent to the
 * next provider the strategy orders; the first success wins and the other calls are cancelled.
 *
 * <p>The delay is either fixed, or a percentile (for example p95) of the primary provider's recent
 * latencies (time to first token for streams), held between a floor and a ceiling; until the provider
 * has {@link #minSamples()} samples the ceiling is used. Up to {@link #maxHedges()} hedges are sent per
 * request, one per elapsed delay. A budget caps the extra load: hedges stay within
 * {@link #budgetFraction()} of requests (a token bucket that starts empty and saves up at most
 * {@link #budgetBurst()} hedges), so hedging can never double the load during an outage.
 * Immutable and thread-safe.
 */
public final class HedgingConfig {

    public static final int DEFAULT_MAX_HEDGES = 1;
    public static final double DEFAULT_BUDGET_FRACTION = 0.05;
    public static final int DEFAULT_BUDGET_BURST = 10;
    public static final int DEFAULT_MIN_SAMPLES = 20;

    private static final HedgingConfig DISABLED = new HedgingConfig(false, Duration.ZERO, 0, Duration.ZERO,
            Duration.ZERO, 0, 0, 0, 0);

    private final boolean enabled;
    private final Duration fixedDelay;
    private final double percentile;
    private final Duration floor;
    private final Duration ceiling;
    private final int minSamples;
    private final int maxHedges;
    private final double budgetFraction;
    private final int budgetBurst;

    private HedgingConfig(boolean enabled, Duration fixedDelay, double percentile, Duration floor, Duration ceiling,
                          int minSamples, int maxHedges, double budgetFraction, int budgetBurst) {
        this.enabled = enabled;
        this.fixedDelay = fixedDelay;
        this.percentile = percentile;
        this.floor = floor;
        this.ceiling = ceiling;
        this.minSamples = minSamples;
        this.maxHedges = maxHedges;
        this.budgetFraction = budgetFraction;
        this.budgetBurst = budgetBurst;
    }

    /** No hedging (the default). */
    public static HedgingConfig disabled() {
        return DISABLED;
    }

    /** Hedges after a fixed delay. */
    public static Builder fixedDelay(Duration delay) {
        return new Builder(Objects.requireNonNull(delay, "delay must not be null"), 0, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Hedges after the {@code percentile} (in (0, 100), for example 95) of the primary provider's recent
     * latencies, but never sooner than {@code floor} nor later than {@code ceiling}.
     */
    public static Builder percentileDelay(double percentile, Duration floor, Duration ceiling) {
        return new Builder(Duration.ZERO, percentile, Objects.requireNonNull(floor, "floor must not be null"),
                Objects.requireNonNull(ceiling, "ceiling must not be null"));
    }

    public boolean enabled() {
        return enabled;
    }

    /** The fixed delay, when the delay is not percentile-based. */
    public Optional<Duration> fixedDelay() {
        return enabled && percentile == 0 ? Optional.of(fixedDelay) : Optional.empty();
    }

    /** The percentile the delay follows, when percentile-based. */
    public Optional<Double> percentile() {
        return enabled && percentile > 0 ? Optional.of(percentile) : Optional.empty();
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

    public int maxHedges() {
        return maxHedges;
    }

    public double budgetFraction() {
        return budgetFraction;
    }

    public int budgetBurst() {
        return budgetBurst;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "HedgingConfig[disabled]";
        }
        String delay = percentile > 0
                ? "p" + percentile + " in [" + floor.toMillis() + "ms, " + ceiling.toMillis() + "ms] after "
                        + minSamples + " samples"
                : fixedDelay.toMillis() + "ms";
        return "HedgingConfig[delay=" + delay + ", maxHedges=" + maxHedges + ", budgetFraction=" + budgetFraction
                + ", budgetBurst=" + budgetBurst + "]";
    }

    /** Settings of an enabled hedging config; validated by {@link #build()}. */
    public static final class Builder {

        private final Duration fixedDelay;
        private final double percentile;
        private final Duration floor;
        private final Duration ceiling;
        private int minSamples = DEFAULT_MIN_SAMPLES;
        private int maxHedges = DEFAULT_MAX_HEDGES;
        private double budgetFraction = DEFAULT_BUDGET_FRACTION;
        private int budgetBurst = DEFAULT_BUDGET_BURST;

        private Builder(Duration fixedDelay, double percentile, Duration floor, Duration ceiling) {
            this.fixedDelay = fixedDelay;
            this.percentile = percentile;
            this.floor = floor;
            this.ceiling = ceiling;
        }

        /** Most hedges per request (default 1). */
        public Builder maxHedges(int maxHedges) {
            this.maxHedges = maxHedges;
            return this;
        }

        /** Hedges allowed per request, on average (default 0.05: at most 5% more calls). */
        public Builder budgetFraction(double budgetFraction) {
            this.budgetFraction = budgetFraction;
            return this;
        }

        /** Most hedges a quiet period can save up for a burst (default 10). */
        public Builder budgetBurst(int budgetBurst) {
            this.budgetBurst = budgetBurst;
            return this;
        }

        /** Samples a provider needs before its percentile sets the delay (default 20). */
        public Builder minSamples(int minSamples) {
            this.minSamples = minSamples;
            return this;
        }

        public HedgingConfig build() {
            if (percentile == 0) {
                requirePositive(fixedDelay, "hedge delay");
            } else {
                if (!(percentile > 0 && percentile < 100)) {
                    throw new IllegalArgumentException("hedge delay percentile must be in (0, 100), was "
                            + percentile);
                }
                requirePositive(floor, "hedge delay floor");
                if (ceiling.compareTo(floor) < 0) {
                    throw new IllegalArgumentException("hedge delay ceiling (" + ceiling
                            + ") must not be below its floor (" + floor + ")");
                }
                if (minSamples < 1) {
                    throw new IllegalArgumentException("minSamples must be at least 1, was " + minSamples);
                }
            }
            if (maxHedges < 1) {
                throw new IllegalArgumentException("maxHedges must be at least 1, was " + maxHedges
                        + " (use HedgingConfig.disabled() for no hedging)");
            }
            if (!(budgetFraction > 0 && budgetFraction <= 1)) {
                throw new IllegalArgumentException("budgetFraction must be in (0, 1], was " + budgetFraction);
            }
            if (budgetBurst < 1) {
                throw new IllegalArgumentException("budgetBurst must be at least 1 hedge, was " + budgetBurst);
            }
            return new HedgingConfig(true, fixedDelay, percentile, floor, ceiling, minSamples, maxHedges,
                    budgetFraction, budgetBurst);
        }

        private static void requirePositive(Duration duration, String what) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + duration);
            }
        }
    }
}
