package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;

/**
 * How long a failing provider is left alone before it is probed again. Immutable and validated.
 *
 * <p>A provider that trips for the {@code n}-th time in a row (1-based) without a success in between cools
 * down for {@code base * multiplier^(n-1)}, capped at {@code max}; a provider that gave a {@code retryAfter}
 * cools down for exactly that long (capped at {@code longCooldown}). Bans, bad keys, spent quotas and
 * missing models cool down for {@code longCooldown}. Every cooldown ends: the provider is probed again.
 *
 * @param base         the first cooldown after a server-side outage
 * @param multiplier   growth per further trip in a row (at least 1)
 * @param max          the longest backoff cooldown, so a provider that comes back is used again soon
 * @param longCooldown the cooldown after a ban, an authentication failure, a spent quota or a missing model
 */
public record CooldownConfig(Duration base, double multiplier, Duration max, Duration longCooldown) {

    /** 2 s, doubling, at most 30 s; 10 minutes for bans, auth failures, spent quotas and missing models. */
    public static final CooldownConfig DEFAULT = builder().build();

    public CooldownConfig {
        Checks.positive(base, "base cooldown");
        Checks.atLeast(multiplier, 1.0, "cooldown multiplier");
        Checks.positive(max, "max cooldown");
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("max cooldown (" + max + ") must not be shorter than the base cooldown ("
                    + base + ")");
        }
        Checks.positive(longCooldown, "longCooldown");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder().base(base).multiplier(multiplier).max(max).longCooldown(longCooldown);
    }

    /** Builds a {@link CooldownConfig}; values are checked at {@link #build()}. */
    public static final class Builder {
        private Duration base = Duration.ofSeconds(2);
        private double multiplier = 2.0;
        private Duration max = Duration.ofSeconds(30);
        private Duration longCooldown = Duration.ofMinutes(10);

        private Builder() {
        }

        public Builder base(Duration base) {
            this.base = base;
            return this;
        }

        public Builder multiplier(double multiplier) {
            this.multiplier = multiplier;
            return this;
        }

        public Builder max(Duration max) {
            this.max = max;
            return this;
        }

        public Builder longCooldown(Duration longCooldown) {
            this.longCooldown = longCooldown;
            return this;
        }

        public CooldownConfig build() {
            return new CooldownConfig(base, multiplier, max, longCooldown);
        }
    }
}
