package io.relay4j.core.router;

import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.internal.router.Checks;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How the router treats one provider: the home of every per-provider setting, given with the provider when
 * the router is built ({@code LlmRouter.Builder.provider(provider, options)}) or when it is added at run time
 * ({@code LlmRouter.addProvider(provider, options)}), so a provider added later is configured exactly like
 * one known at build time. The settings:
 * <ul>
 *   <li>{@link Builder#weight(double) weight}: its share of first tries under
 *       {@link RoutingStrategy#weightedRandom()} (default 1; 0 = fallback only);</li>
 *   <li>{@link Builder#concurrencyLimit(int) concurrencyLimit}: the most calls in progress to it at once, or
 *       {@link Builder#adaptiveConcurrency(AdaptiveConcurrency) adaptiveConcurrency}: a limit the router
 *       learns from its answers (429s, overloads, latency, rate-limit headers);</li>
 *   <li>{@link Builder#firstTokenTimeout firstTokenTimeout}, {@link Builder#idleTimeout idleTimeout},
 *       {@link Builder#attemptTimeout attemptTimeout}: its deadlines, instead of the router's
 *       {@link TimeoutConfig};</li>
 *   <li>{@link Builder#alias(String, String) alias} and {@link Builder#models(String...) models}: the model
 *       names it answers to;</li>
 *   <li>{@link Builder#budget(BigDecimal, BudgetPeriod) budget}: what it may spend per UTC calendar period.</li>
 * </ul>
 * <pre>{@code
 * router.addProvider(openai, ProviderOptions.custom()
 *     .weight(3)                                        // three times a weight-1 provider's first tries
 *     .concurrencyLimit(64)
 *     .firstTokenTimeout(Duration.ofSeconds(5)).idleTimeout(Duration.ofSeconds(10))
 *     .attemptTimeout(Duration.ofSeconds(60))
 *     .alias("fast", "gpt-4o-mini").alias("smart", "gpt-4o")
 *     .budget(new BigDecimal("50"), BudgetPeriod.DAY).budget(new BigDecimal("1000"), BudgetPeriod.MONTH)
 *     .build());
 * }</pre>
 *
 * <p>Every setting is optional: one left unset takes the router's value (weight 1, no budget). The deadline overrides replace the
 * router's {@link TimeoutConfig} for this provider's attempts, for {@code generate} and {@code stream} alike
 * (the request deadline stays the router's: it bounds the request, not a provider). Immutable and
 * thread-safe; build one with {@link #custom()}, take {@link #ofDefaults()} (nothing overridden), or vary one
 * with {@link #toBuilder()}. Every setter checks its value at once.
 *
 * <p><b>Models.</b> A request may name a model ({@code LlmRequest.model()}); these options say which
 * names this provider answers to. {@link Builder#alias(String, String) alias} maps a logical name that
 * several vendors can serve to this provider's own model id, and {@link Builder#models(String...) models}
 * lists the model ids it serves besides its configured one ({@code provider.info().model()}):
 * <pre>{@code
 * LlmRouter router = LlmRouter.builder()
 *     .provider(claude, ProviderOptions.custom()
 *         .alias("fast", "claude-haiku-4-5").alias("smart", "claude-sonnet-4-5").build())
 *     .provider(openai, ProviderOptions.custom()
 *         .alias("fast", "gpt-4o-mini").alias("smart", "gpt-4o").models("gpt-4.1").build())
 *     .build();
 * router.generate(LlmRequest.builder().user("...").model("fast").build());  // claude-haiku-4-5, else gpt-4o-mini
 * }</pre>
 * A request naming an alias goes only to the providers that declare it, each asked for its own model id; a
 * request naming a model id goes only to the providers that declare it (configured, listed, or an alias's
 * target). A name no provider declares goes to every provider, and a {@code ModelNotFound} for it is the
 * request's fault, not the provider's: no cooldown, and the request tries the next provider.
 */
public final class ProviderOptions {

    private static final ProviderOptions DEFAULTS = custom().build();

    private final Optional<Duration> firstTokenTimeout;
    private final Optional<Duration> idleTimeout;
    private final Optional<Duration> attemptTimeout;
    private final OptionalInt concurrencyLimit;
    private final Optional<AdaptiveConcurrency> adaptiveConcurrency;
    private final Map<String, String> aliases;
    private final Set<String> models;
    private final double weight;
    private final Map<BudgetPeriod, BigDecimal> budgets;

    private ProviderOptions(Builder b) {
        this.firstTokenTimeout = b.firstTokenTimeout;
        this.idleTimeout = b.idleTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.concurrencyLimit = b.concurrencyLimit;
        this.adaptiveConcurrency = b.adaptiveConcurrency;
        this.aliases = Collections.unmodifiableMap(new LinkedHashMap<>(b.aliases));
        this.models = Collections.unmodifiableSet(new LinkedHashSet<>(b.models));
        this.weight = b.weight;
        this.budgets = Collections.unmodifiableMap(new EnumMap<>(b.budgets));
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
        b.adaptiveConcurrency = adaptiveConcurrency;
        b.aliases.putAll(aliases);
        b.models.addAll(models);
        b.weight = weight;
        b.budgets.putAll(budgets);
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

    /**
     * The most calls in progress to this provider at once, if limited by a fixed number (unlimited when empty and
     * no {@link #adaptiveConcurrency()} is set).
     */
    public OptionalInt concurrencyLimit() {
        return concurrencyLimit;
    }

    /** The adaptive limit on this provider's calls in progress, if set (instead of a fixed {@link #concurrencyLimit()}). */
    public Optional<AdaptiveConcurrency> adaptiveConcurrency() {
        return adaptiveConcurrency;
    }

    /**
     * The logical model names this provider answers to, each mapped to the model id it is asked for then
     * (unmodifiable, in the order they were set; empty unless set).
     */
    public Map<String, String> aliases() {
        return aliases;
    }

    /**
     * The model ids this provider serves besides its configured one (unmodifiable, in the order they were
     * set; empty unless set). A request naming one of them may go to this provider.
     */
    public Set<String> models() {
        return models;
    }

    /**
     * This provider's relative share of first tries under {@link RoutingStrategy#weightedRandom()}: 1 unless set;
     * 0 means it is tried only after every provider with a positive weight.
     */
    public double weight() {
        return weight;
    }

    /**
     * This provider's spend limits in US dollars, one per UTC calendar period (unmodifiable, by period; empty
     * unless set). The router registers them with its budget tracker when the provider is added.
     */
    public Map<BudgetPeriod, BigDecimal> budgets() {
        return budgets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderOptions other && firstTokenTimeout.equals(other.firstTokenTimeout)
                && idleTimeout.equals(other.idleTimeout) && attemptTimeout.equals(other.attemptTimeout)
                && concurrencyLimit.equals(other.concurrencyLimit)
                && adaptiveConcurrency.equals(other.adaptiveConcurrency) && aliases.equals(other.aliases)
                && models.equals(other.models) && weight == other.weight && budgets.equals(other.budgets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(firstTokenTimeout, idleTimeout, attemptTimeout, concurrencyLimit, adaptiveConcurrency,
                aliases, models, weight, budgets);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ProviderOptions[");
        firstTokenTimeout.ifPresent(d -> sb.append("firstTokenTimeout=").append(d.toMillis()).append("ms, "));
        idleTimeout.ifPresent(d -> sb.append("idleTimeout=").append(d.toMillis()).append("ms, "));
        attemptTimeout.ifPresent(d -> sb.append("attemptTimeout=").append(d.toMillis()).append("ms, "));
        concurrencyLimit.ifPresent(n -> sb.append("concurrencyLimit=").append(n).append(", "));
        adaptiveConcurrency.ifPresent(a -> sb.append("adaptiveConcurrency=").append(a).append(", "));
        if (!aliases.isEmpty()) {
            sb.append("aliases=").append(aliases).append(", ");
        }
        if (!models.isEmpty()) {
            sb.append("models=").append(models).append(", ");
        }
        if (weight != 1) {
            sb.append("weight=").append(weight).append(", ");
        }
        budgets.forEach((period, usd) -> sb.append(period.tag()).append("Budget=").append(usd.toPlainString())
                .append("USD, "));
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
        private Optional<AdaptiveConcurrency> adaptiveConcurrency = Optional.empty();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final Set<String> models = new LinkedHashSet<>();
        private double weight = 1;
        private final Map<BudgetPeriod, BigDecimal> budgets = new EnumMap<>(BudgetPeriod.class);

        private Builder() {
        }

        /**
         * This provider's relative share of first tries under {@link RoutingStrategy#weightedRandom()}, a finite
         * number of 0 or more (default 1): weights 3 and 1 start three quarters of the requests on the first.
         * A provider of weight 0 is never drawn first: it is tried only after every provider with a positive
         * weight, as fallback (with every weight 0 the order is priority order). Other strategies ignore it.
         */
        public Builder weight(double weight) {
            if (!Double.isFinite(weight) || weight < 0) {
                throw new IllegalArgumentException("weight must be a finite number of 0 or more (0: fallback only), got "
                        + weight);
            }
            this.weight = weight;
            return this;
        }

        /**
         * At most {@code usd} (positive) US dollars on this provider per UTC calendar {@code period}; one limit
         * per period, several periods allowed (say per day and per month): the provider is skipped
         * ({@code SkipReason.OVER_BUDGET}) while any of them is spent. Registered with the router's budget
         * tracker when the provider is added, at build or at run time; a router-level
         * {@link io.relay4j.core.budget.BudgetConfig} limit for the same provider and period is refused when the
         * provider is added (set each limit in one place).
         */
        public Builder budget(BigDecimal usd, BudgetPeriod period) {
            Objects.requireNonNull(usd, "budget usd must not be null");
            Objects.requireNonNull(period, "budget period must not be null");
            if (usd.signum() <= 0) {
                throw new IllegalArgumentException("budget must be a positive amount of US dollars, got "
                        + usd.toPlainString() + " per " + period.tag());
            }
            if (budgets.containsKey(period)) {
                throw new IllegalArgumentException("budget already has a " + period.tag()
                        + " limit: give a provider at most one limit per period");
            }
            budgets.put(period, usd);
            return this;
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
         * next provider; nothing waits in a queue. Unlimited unless set. Not with
         * {@link #adaptiveConcurrency(AdaptiveConcurrency) adaptiveConcurrency}, whose maximum is the cap there.
         */
        public Builder concurrencyLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("concurrencyLimit must be at least 1, got " + limit
                        + ": leave it unset for no limit");
            }
            if (adaptiveConcurrency.isPresent()) {
                throw new IllegalArgumentException("concurrencyLimit cannot be set with adaptiveConcurrency: "
                        + "set one of them (adaptiveConcurrency's maxLimit caps the adaptive limit)");
            }
            this.concurrencyLimit = OptionalInt.of(limit);
            return this;
        }

        /**
         * A limit on the calls in progress to this provider that the router learns from their outcomes, between
         * {@code config}'s bounds (see {@link AdaptiveConcurrency}): it grows while calls succeed and falls on
         * 429s, overloads, rising latency and rate-limit headers near zero, so a burst spills over to the next
         * provider before this vendor throttles. A request that finds it full skips the provider at once
         * ({@code SkipReason.CONCURRENCY_LIMIT}); nothing waits. Not with a fixed
         * {@link #concurrencyLimit(int) concurrencyLimit}.
         */
        public Builder adaptiveConcurrency(AdaptiveConcurrency config) {
            Objects.requireNonNull(config, "adaptiveConcurrency must not be null");
            if (concurrencyLimit.isPresent()) {
                throw new IllegalArgumentException("adaptiveConcurrency cannot be set with concurrencyLimit ("
                        + concurrencyLimit.getAsInt() + "): set one of them");
            }
            this.adaptiveConcurrency = Optional.of(config);
            return this;
        }

        /**
         * {@link #adaptiveConcurrency(AdaptiveConcurrency)} with the other settings at their defaults: between
         * {@code min} and {@code max} calls ({@code 1 <= min <= max}), starting at 20 or the nearest bound.
         */
        public Builder adaptiveConcurrency(int min, int max) {
            return adaptiveConcurrency(AdaptiveConcurrency.custom().limits(min, max).build());
        }

        /**
         * A request naming {@code logicalName} (such as {@code "fast"} or {@code "smart"}) may go to this
         * provider, which is then asked for {@code vendorModel}, its own id of that class of model:
         * {@code alias("fast", "claude-haiku-4-5")}. Each provider maps the same name to its own model, so such
         * a request still fails over across vendors; providers without the alias are passed over for it
         * ({@code SkipReason.MODEL_NOT_OFFERED}). Several aliases per provider; setting one again replaces its
         * model. Neither name may be blank.
         */
        public Builder alias(String logicalName, String vendorModel) {
            aliases.put(modelName(logicalName, "alias logicalName"), modelName(vendorModel, "alias vendorModel"));
            return this;
        }

        /**
         * Model ids this provider serves besides its configured one ({@code provider.info().model()}), added to
         * those set before: a request naming one of them may go to this provider, and passes over providers
         * that declare none of them. None may be blank.
         */
        public Builder models(String... vendorModels) {
            Objects.requireNonNull(vendorModels, "models must not be null");
            for (String model : vendorModels) {
                modelName(model, "models");
            }
            Collections.addAll(models, vendorModels);
            return this;
        }

        private static String modelName(String name, String setting) {
            Objects.requireNonNull(name, setting + " must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException(setting + " must be a model name, got a blank string");
            }
            return name;
        }

        public ProviderOptions build() {
            return new ProviderOptions(this);
        }
    }
}
