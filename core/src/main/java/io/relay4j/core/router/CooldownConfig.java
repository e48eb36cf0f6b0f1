package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a failing provider is left alone before it is probed again. Immutable and thread-safe; build one
 * with {@link #custom()}, take {@link #ofDefaults()}, or vary one with {@link #toBuilder()}. Every setter checks
 * its value at once.
 *
 * <p>When a provider goes out is {@link OutlierConfig}'s and {@link ErrorPolicy}'s to say; for how long is this
 * configuration's. A provider that trips for the {@code n}-th time in a row (1-based) without a success in between
 * cools down for {@code base * multiplier^(n-1)}, capped at {@code max}; a provider that gave a {@code retryAfter}
 * cools down for exactly that long (capped at {@code longCooldown}). Bans, bad keys, spent quotas and
 * missing models cool down for {@code longCooldown}. Every cooldown ends: the provider is probed again.
 *
 * <p>A provider whose probe succeeded comes back with a <em>slow start</em>: for {@link #slowStart()} it is put
 * first (where the strategy ranks it first) for only a growing share of the requests, the others trying the next
 * provider first and it as their fallback, so a half-recovered vendor is not flooded. The share after a time
 * {@code t} is {@code max(slowStartMinPercent / 100, (t / slowStart)^(1 / slowStartAggression))}: linear with the
 * default aggression 1, faster with a larger one (as Envoy's slow start). A slow start of zero turns it off.
 */
public final class CooldownConfig {

    private static final CooldownConfig DEFAULTS = custom().build();

    private final Duration base;
    private final double multiplier;
    private final Duration max;
    private final Duration longCooldown;
    private final Duration slowStart;
    private final double slowStartAggression;
    private final int slowStartMinPercent;

    private CooldownConfig(Builder b) {
        this.base = b.base;
        this.multiplier = b.multiplier;
        this.max = b.max;
        this.longCooldown = b.longCooldown;
        this.slowStart = b.slowStart;
        this.slowStartAggression = b.slowStartAggression;
        this.slowStartMinPercent = b.slowStartMinPercent;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * 2 s, doubling, at most 30 s; 10 minutes for bans, auth failures, spent quotas and missing models; a linear
     * slow start of 30 s from 10 % of the requests.
     */
    public static CooldownConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from this configuration, for a variant of it. */
    public Builder toBuilder() {
        return new Builder().base(base).multiplier(multiplier).max(max).longCooldown(longCooldown)
                .slowStart(slowStart).slowStartAggression(slowStartAggression).slowStartMinPercent(slowStartMinPercent);
    }

    /** The first cooldown after a server-side outage. */
    public Duration base() {
        return base;
    }

    /** Growth per further trip in a row (at least 1). */
    public double multiplier() {
        return multiplier;
    }

    /** The longest backoff cooldown, so a provider that comes back is used again soon. */
    public Duration max() {
        return max;
    }

    /** The cooldown after a ban, an authentication failure, a spent quota or a missing model. */
    public Duration longCooldown() {
        return longCooldown;
    }

    /** How long a provider back from a cooldown takes to get its whole share of the requests; zero when at once. */
    public Duration slowStart() {
        return slowStart;
    }

    /** How fast the slow start's share grows: 1 is linear, larger grows faster early. */
    public double slowStartAggression() {
        return slowStartAggression;
    }

    /** The share of the requests, in percent, a provider gets first at the start of its slow start. */
    public int slowStartMinPercent() {
        return slowStartMinPercent;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CooldownConfig other && base.equals(other.base) && multiplier == other.multiplier
                && max.equals(other.max) && longCooldown.equals(other.longCooldown)
                && slowStart.equals(other.slowStart) && slowStartAggression == other.slowStartAggression
                && slowStartMinPercent == other.slowStartMinPercent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, multiplier, max, longCooldown, slowStart, slowStartAggression, slowStartMinPercent);
    }

    @Override
    public String toString() {
        return "CooldownConfig[base=" + base.toMillis() + "ms, multiplier=" + multiplier + ", max=" + max.toMillis()
                + "ms, longCooldown=" + longCooldown.toMillis() + "ms, slowStart=" + slowStart.toMillis()
                + "ms, slowStartAggression=" + slowStartAggression + ", slowStartMinPercent=" + slowStartMinPercent + "]";
    }

    /**
     * Builds a {@link CooldownConfig}; every setter validates at once, and {@link #build()} checks that
     * {@code max} is not shorter than {@code base}. Not thread-safe.
     */
    public static final class Builder {
        private Duration base = Duration.ofSeconds(2);
        private double multiplier = 2.0;
        private Duration max = Duration.ofSeconds(30);
        private Duration longCooldown = Duration.ofMinutes(10);
        private Duration slowStart = Duration.ofSeconds(30);
        private double slowStartAggression = 1.0;
        private int slowStartMinPercent = 10;

        private Builder() {
        }

        /** The first cooldown after a server-side outage (positive; default 2 s). */
        public Builder base(Duration base) {
            this.base = Checks.positive(base, "base cooldown");
            return this;
        }

        /** Growth per further trip in a row (at least 1; default 2). */
        public Builder multiplier(double multiplier) {
            this.multiplier = Checks.atLeast(multiplier, 1.0, "cooldown multiplier");
            return this;
        }

        /** The longest backoff cooldown (positive, at least {@code base}; default 30 s). */
        public Builder max(Duration max) {
            this.max = Checks.positive(max, "max cooldown");
            return this;
        }

        /** The cooldown after a ban, a bad key, a spent quota or a missing model (positive; default 10 min). */
        public Builder longCooldown(Duration longCooldown) {
            this.longCooldown = Checks.positive(longCooldown, "longCooldown");
            return this;
        }

        /**
         * How long a provider back from a cooldown takes to get its whole share of the requests (zero or
         * positive; zero gives it all at once; default 30 s).
         */
        public Builder slowStart(Duration slowStart) {
            this.slowStart = Checks.notNegative(slowStart, "slowStart");
            return this;
        }

        /** How fast the slow start's share grows (at least 0.1, 1 being linear; default 1). */
        public Builder slowStartAggression(double aggression) {
            this.slowStartAggression = Checks.atLeast(aggression, 0.1, "slowStartAggression");
            return this;
        }

        /** The share of the requests, in percent, a provider gets first when its slow start begins (0 to 100; default 10). */
        public Builder slowStartMinPercent(int percent) {
            this.slowStartMinPercent = Checks.inRange(percent, 0, 100, "slowStartMinPercent");
            return this;
        }

        public CooldownConfig build() {
            if (max.compareTo(base) < 0) {
                throw new IllegalArgumentException("max cooldown (" + max
                        + ") must not be shorter than the base cooldown (" + base + ")");
            }
            return new CooldownConfig(this);
        }
    }
}
