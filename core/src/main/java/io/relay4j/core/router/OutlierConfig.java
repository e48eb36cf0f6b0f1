package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * When a provider whose errors are ordinary noise (server errors, overloads, resets, timeouts, empty answers) is
 * taken out of rotation: not at its first such failure, but when it stands out. Immutable and thread-safe; build
 * one with {@link #custom()}, take {@link #ofDefaults()}, or vary one with {@link #toBuilder()}. Every setter
 * checks its value at once.
 *
 * <p>Each provider keeps a sliding window of its last {@link #windowSize()} calls, none older than
 * {@link #windowDuration()}. It is ejected (cooled down as {@link CooldownConfig} says) when the window holds at
 * least {@link #minimumVolume()} calls of which at least {@link #failureRatePercent()} percent failed, or when its
 * last {@link #consecutiveFailures()} calls all failed. These outlier ejections never take out more than
 * {@link #maxEjectionPercent()} percent of the router's providers at once (counting every provider that is out for
 * any reason), and below 100 percent never the last one, so noise shared by every vendor never empties the pool.
 *
 * <p>Faults that say the provider cannot serve at all still take it out at their first occurrence, whatever this
 * configuration: bans, authentication failures, spent quotas, missing models (every error type whose
 * {@link ErrorPolicy.Cooldown} is {@code LONG}), a connection that cannot be opened, and rate limits, which cool
 * down for their {@code retryAfter}. A half-open provider whose probe fails is ejected again at once. The request
 * that failed falls over or retries exactly as its {@link ErrorPolicy} says; only the provider's health is
 * decided here.
 *
 * <p>To eject at every failure, as routers without outlier detection do:
 * {@code OutlierConfig.custom().consecutiveFailures(1).maxEjectionPercent(100).build()}.
 */
public final class OutlierConfig {

    private static final OutlierConfig DEFAULTS = custom().build();

    private final int windowSize;
    private final Duration windowDuration;
    private final int minimumVolume;
    private final int failureRatePercent;
    private final int consecutiveFailures;
    private final int maxEjectionPercent;

    private OutlierConfig(Builder b) {
        this.windowSize = b.windowSize;
        this.windowDuration = b.windowDuration;
        this.minimumVolume = b.minimumVolume;
        this.failureRatePercent = b.failureRatePercent;
        this.consecutiveFailures = b.consecutiveFailures;
        this.maxEjectionPercent = b.maxEjectionPercent;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * The last 100 calls within 30 s; ejected at a failure rate of 50 % over at least 20 calls, or after 5
     * failures in a row; at most 50 % of the providers ejected at once.
     */
    public static OutlierConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from this configuration, for a variant of it. */
    public Builder toBuilder() {
        return new Builder().windowSize(windowSize).windowDuration(windowDuration).minimumVolume(minimumVolume)
                .failureRatePercent(failureRatePercent).consecutiveFailures(consecutiveFailures)
                .maxEjectionPercent(maxEjectionPercent);
    }

    /** The most recent calls the failure rate is computed over. */
    public int windowSize() {
        return windowSize;
    }

    /** How long a call counts in the window: older calls are left out of the failure rate. */
    public Duration windowDuration() {
        return windowDuration;
    }

    /** The fewest calls in the window for its failure rate to eject the provider. */
    public int minimumVolume() {
        return minimumVolume;
    }

    /** The failure rate, in percent of the calls in the window, at which the provider is ejected. */
    public int failureRatePercent() {
        return failureRatePercent;
    }

    /** The failures in a row (without a success between them) that eject the provider. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The largest share of the router's providers, in percent, that may be out at once after outlier ejections. */
    public int maxEjectionPercent() {
        return maxEjectionPercent;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutlierConfig other && windowSize == other.windowSize
                && windowDuration.equals(other.windowDuration) && minimumVolume == other.minimumVolume
                && failureRatePercent == other.failureRatePercent && consecutiveFailures == other.consecutiveFailures
                && maxEjectionPercent == other.maxEjectionPercent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(windowSize, windowDuration, minimumVolume, failureRatePercent, consecutiveFailures,
                maxEjectionPercent);
    }

    @Override
    public String toString() {
        return "OutlierConfig[windowSize=" + windowSize + ", windowDuration=" + windowDuration.toMillis()
                + "ms, minimumVolume=" + minimumVolume + ", failureRatePercent=" + failureRatePercent
                + ", consecutiveFailures=" + consecutiveFailures + ", maxEjectionPercent=" + maxEjectionPercent + "]";
    }

    /**
     * Builds an {@link OutlierConfig}; every setter validates at once, and {@link #build()} checks that
     * {@code minimumVolume} is not larger than {@code windowSize}. Not thread-safe.
     */
    public static final class Builder {
        private int windowSize = 100;
        private Duration windowDuration = Duration.ofSeconds(30);
        private int minimumVolume = 20;
        private int failureRatePercent = 50;
        private int consecutiveFailures = 5;
        private int maxEjectionPercent = 50;

        private Builder() {
        }

        /** The most recent calls the failure rate is computed over (1 to 10,000; default 100). */
        public Builder windowSize(int windowSize) {
            this.windowSize = Checks.inRange(windowSize, 1, 10_000, "outlier windowSize");
            return this;
        }

        /** How long a call counts in the window (positive; default 30 s). */
        public Builder windowDuration(Duration windowDuration) {
            this.windowDuration = Checks.positive(windowDuration, "outlier windowDuration");
            return this;
        }

        /** The fewest calls in the window for its failure rate to count (1 to windowSize; default 20). */
        public Builder minimumVolume(int minimumVolume) {
            this.minimumVolume = Checks.inRange(minimumVolume, 1, 10_000, "outlier minimumVolume");
            return this;
        }

        /** The failure rate, in percent, that ejects the provider (1 to 100; default 50). */
        public Builder failureRatePercent(int failureRatePercent) {
            this.failureRatePercent = Checks.inRange(failureRatePercent, 1, 100, "outlier failureRatePercent");
            return this;
        }

        /** The failures in a row that eject the provider (1 to 10,000; default 5). */
        public Builder consecutiveFailures(int consecutiveFailures) {
            this.consecutiveFailures = Checks.inRange(consecutiveFailures, 1, 10_000,
                    "outlier consecutiveFailures");
            return this;
        }

        /**
         * The largest share of the providers, in percent, that may be out at once after an outlier ejection (0 to
         * 100; default 50). Below 100 at least one provider always stays in; 0 turns outlier ejection off.
         */
        public Builder maxEjectionPercent(int maxEjectionPercent) {
            this.maxEjectionPercent = Checks.inRange(maxEjectionPercent, 0, 100, "outlier maxEjectionPercent");
            return this;
        }

        public OutlierConfig build() {
            if (minimumVolume > windowSize) {
                throw new IllegalArgumentException("outlier minimumVolume (" + minimumVolume
                        + ") must not be larger than windowSize (" + windowSize + ")");
            }
            return new OutlierConfig(this);
        }
    }
}
