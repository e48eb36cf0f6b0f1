package io.relay4j.core.internal.router;

import io.relay4j.core.router.CooldownConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * What a failure does to a provider's health: nothing, a growing backoff, a long cooldown, or exactly
 * the wait the provider asked for; at once when the request leaves the provider, or only when the provider
 * stands out as an outlier ({@code outlier}: ordinary noise such as a server error, weighed in its window).
 */
public record CooldownPlan(Kind kind, Optional<Duration> exactly, boolean outlier) {

    /** The kinds of cooldown. */
    public enum Kind { NONE, BACKOFF, LONG, EXACT }

    public static final CooldownPlan NONE = new CooldownPlan(Kind.NONE, Optional.empty(), false);
    public static final CooldownPlan BACKOFF = new CooldownPlan(Kind.BACKOFF, Optional.empty(), false);
    public static final CooldownPlan LONG = new CooldownPlan(Kind.LONG, Optional.empty(), false);
    /** Ordinary noise: a backoff, once the provider's window says it stands out. */
    public static final CooldownPlan OUTLIER = new CooldownPlan(Kind.BACKOFF, Optional.empty(), true);

    /** Exactly {@code wait}, at once. */
    public static CooldownPlan exactly(Duration wait) {
        return new CooldownPlan(Kind.EXACT, Optional.of(wait), false);
    }

    /** Exactly {@code wait}, once the provider's window says it stands out. */
    public static CooldownPlan outlierFor(Duration wait) {
        return new CooldownPlan(Kind.EXACT, Optional.of(wait), true);
    }

    /** True when the provider's health does not change. */
    public boolean none() {
        return kind == Kind.NONE;
    }

    /**
     * The cooldown in nanoseconds for a provider that tripped {@code trips} times in a row (1-based).
     * An exact wait is capped at the long cooldown, so a vendor's huge {@code Retry-After} cannot park a
     * provider for longer than a ban would.
     */
    public long nanos(int trips, CooldownConfig config) {
        switch (kind) {
            case LONG:
                return config.longCooldown().toNanos();
            case EXACT:
                return Math.min(exactly.orElseThrow().toNanos(), config.longCooldown().toNanos());
            case BACKOFF:
                return backoffNanos(trips, config);
            default:
                return 0;
        }
    }

    private static long backoffNanos(int trips, CooldownConfig config) {
        double grown = config.base().toNanos() * Math.pow(config.multiplier(), Math.max(0, trips - 1));
        long max = config.max().toNanos();
        return grown >= max ? max : (long) grown;
    }
}
