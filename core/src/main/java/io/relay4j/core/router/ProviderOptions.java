package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the router treats one provider: the home of every per-provider setting, given with the provider when
 * the router is built ({@code LlmRouter.Builder.provider(provider, options)}) or when it is added at run time
 * ({@code LlmRouter.addProvider(provider, options)}), so a provider added later is configured exactly like
 * one known at build time. Later settings (weight, models, budget) will live here too.
 *
 * <p>Every setting is optional: one left unset takes the router's value. The deadline overrides replace the
 * router's {@link TimeoutConfig} for this provider's attempts, for {@code generate} and {@code stream} alike
 * (the request deadline stays the router's: it bounds the request, not a provider). Immutable and
 * thread-safe; build one with {@link #custom()}, take {@link #ofDefaults()} (nothing overridden), or vary one
 * with {@link #toBuilder()}. Every setter checks its value at once.
 */
public final class ProviderOptions {

    private static final ProviderOptions DEFAULTS = custom().build();

    private final Optional<Duration> firstTokenTimeout;
    private final Optional<Duration> idleTimeout;
    private final Optional<Duration> attemptTimeout;
    private final OptionalInt concurrencyLimit;

    private ProviderOptions(Builder b) {
        this.firstTokenTimeout = b.firstTokenTimeout;
        this.idleTimeout = b.idleTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.concurrencyLimit = b.concurrencyLimit;
    }

    /** A builder with nothing overridden. */
    public static Builder custom() {
        return new Builder();
    }

    /** Nothing overridden: the provider follows the router's settings and has no concurrency limit. */
    public static ProviderOptions ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from these options, for a variant of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.firstTokenTimeout = firstTokenTimeout;
        b.idleTimeout = idleTimeout;
        b.attemptTimeout = attemptTimeout;
        b.concurrencyLimit = concurrencyLimit;
        return b;
    }

    /** This provider's first-token deadline instead of {@link TimeoutConfig#firstToken()}, if set. */
    public Optional<Duration> firstTokenTimeout() {
        return firstTokenTimeout;
    }

    /** This provider's idle deadline instead of {@link TimeoutConfig#idle()}, if set. */
    public Optional<Duration> idleTimeout() {
        return idleTimeout;
    }

    /** This provider's per-attempt deadline instead of {@link TimeoutConfig#attempt()}, if set. */
    public Optional<Duration> attemptTimeout() {
        return attemptTimeout;
    }

    /** The most calls in progress to this provider at once, if limited (unlimited when empty). */
    public OptionalInt concurrencyLimit() {
        return concurrencyLimit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderOptions other && firstTokenTimeout.equals(other.firstTokenTimeout)
                && idleTimeout.equals(other.idleTimeout) && attemptTimeout.equals(other.attemptTimeout)
                && concurrencyLimit.equals(other.concurrencyLimit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(firstTokenTimeout, idleTimeout, attemptTimeout, concurrencyLimit);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ProviderOptions[");
        firstTokenTimeout.ifPresent(d -> sb.append("firstTokenTimeout=").append(d.toMillis()).append("ms, "));
        idleTimeout.ifPresent(d -> sb.append("idleTimeout=").append(d.toMillis()).append("ms, "));
        attemptTimeout.ifPresent(d -> sb.append("attemptTimeout=").append(d.toMillis()).append("ms, "));
        concurrencyLimit.ifPresent(n -> sb.append("concurrencyLimit=").append(n).append(", "));
        if (sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 2);
        }
        return sb.append(']').toString();
    }

    /** Builds {@link ProviderOptions}; every setter validates at once. Not thread-safe. */
    public static final class Builder {
        private Optional<Duration> firstTokenTimeout = Optional.empty();
        private Optional<Duration> idleTimeout = Optional.empty();
        private Optional<Duration> attemptTimeout = Optional.empty();
        private OptionalInt concurrencyLimit = OptionalInt.empty();

        private Builder() {
        }

        /**
         * From this provider's attempt start to a stream's first text, or to a whole answer (positive), instead
         * of the router's {@link TimeoutConfig#firstToken()}.
         */
        public Builder firstTokenTimeout(Duration timeout) {
            this.firstTokenTimeout = Optional.of(Checks.positive(timeout, "firstTokenTimeout"));
            return this;
        }

        /**
         * The longest silence between this provider's stream chunks while the consumer waits (positive), instead
         * of the router's {@link TimeoutConfig#idle()}.
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Optional.of(Checks.positive(timeout, "idleTimeout"));
            return this;
        }

        /** The most one call to this provider may take (positive), instead of the router's {@link TimeoutConfig#attempt()}. */
        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = Optional.of(Checks.positive(timeout, "attemptTimeout"));
            return this;
        }

        /**
         * At most {@code limit} (at least 1) calls in progress to this provider, hedges and retries included; a
         * request that finds it full skips it at once ({@code SkipReason.CONCURRENCY_LIMIT}) and goes on to the
         * next provider; nothing waits in a queue. Unlimited unless set.
         */
        public Builder concurrencyLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("concurrencyLimit must be at least 1, got " + limit
                        + ": leave it unset for no limit");
            }
            this.concurrencyLimit = OptionalInt.of(limit);
            return this;
        }

        public ProviderOptions build() {
            return new ProviderOptions(this);
        }
    }
}
