package io.relay4j.core.budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Spend limits per provider and UTC calendar period, and the share of a budget at which a warning
 * is logged. A provider may have several limits (say per day and per month); it is over budget when
 * any of them is spent. Providers without a limit are never over budget. Immutable and thread-safe; build one
 * with {@link #custom()}, take {@link #ofDefaults()} (no limits), or vary one with {@link #toBuilder()}. Every
 * setter checks its value at once.
 *
 * <pre>{@code
 * BudgetConfig budgets = BudgetConfig.custom()
 *     .limit("openai", new BigDecimal("50"), BudgetPeriod.DAY)
 *     .limit("openai", new BigDecimal("1000"), BudgetPeriod.MONTH)
 *     .build();
 * }</pre>
 */
public final class BudgetConfig {

    /** By default a WARN is logged once per period when 80% of a budget is spent. */
    public static final double DEFAULT_WARNING_RATIO = 0.8;

    /** By default a request without {@code maxTokens} reserves 4096 output tokens at admission. */
    public static final int DEFAULT_RESERVED_OUTPUT_TOKENS = 4096;

    private static final BudgetConfig DEFAULTS = custom().build();

    private final List<BudgetLimit> limits;
    private final double warningRatio;
    private final int reservedOutputTokens;

    private BudgetConfig(Builder builder) {
        this.limits = List.copyOf(builder.limits);
        this.warningRatio = builder.warningRatio;
        this.reservedOutputTokens = builder.reservedOutputTokens;
    }

    /** A builder with no limits and the default warning ratio and reservation. */
    public static Builder custom() {
        return new Builder();
    }

    /** No limits: no provider is ever over budget. */
    public static BudgetConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from this configuration, for a variant of it (more limits, say). */
    public Builder toBuilder() {
        Builder b = new Builder().warningRatio(warningRatio).reservedOutputTokens(reservedOutputTokens);
        b.limits.addAll(limits);
        return b;
    }

    /** Every configured limit, in the order given. */
    public List<BudgetLimit> limits() {
        return limits;
    }

    /** The share of a budget (0 to 1) whose crossing is logged as a warning. */
    public double warningRatio() {
        return warningRatio;
    }

    /**
     * The output tokens a call of a request without {@code maxTokens} reserves on its provider's budgets at
     * admission (priced at the model's output price, added to the prompt's estimate at the input price). A
     * request with {@code maxTokens} reserves exactly that many. See {@link BudgetTracker} for the bound this
     * gives.
     */
    public int reservedOutputTokens() {
        return reservedOutputTokens;
    }

    /** Builds a {@link BudgetConfig}; each setter checks its input at once. Not thread-safe. */
    public static final class Builder {

        private final List<BudgetLimit> limits = new ArrayList<>();
        private double warningRatio = DEFAULT_WARNING_RATIO;
        private int reservedOutputTokens = DEFAULT_RESERVED_OUTPUT_TOKENS;

        private Builder() {
        }

        /**
         * Output tokens reserved per call for requests without {@code maxTokens}, 0 or more (default
         * {@value BudgetConfig#DEFAULT_RESERVED_OUTPUT_TOKENS}); 0 reserves only the prompt.
         */
        public Builder reservedOutputTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("reservedOutputTokens must be 0 or more, was " + tokens);
            }
            this.reservedOutputTokens = tokens;
            return this;
        }

        /** At most {@code usd} US dollars on {@code provider} per {@code period}. */
        public Builder limit(String provider, BigDecimal usd, BudgetPeriod period) {
            BudgetLimit limit = new BudgetLimit(provider, period, usd);
            if (limits.stream().anyMatch(l -> l.provider().equals(provider) && l.period() == period)) {
                throw new IllegalArgumentException("provider " + provider + " already has a " + period.tag()
                        + " budget; give each provider at most one limit per period");
            }
            limits.add(limit);
            return this;
        }

        /** The share of a budget, above 0 and at most 1, whose crossing logs a warning (default 0.8). */
        public Builder warningRatio(double ratio) {
            if (!(ratio > 0 && ratio <= 1)) {
                throw new IllegalArgumentException("warningRatio must be above 0 and at most 1, was " + ratio);
            }
            this.warningRatio = ratio;
            return this;
        }

        public BudgetConfig build() {
            return new BudgetConfig(this);
        }
    }

    @Override
    public String toString() {
        return "BudgetConfig" + limits + " warningRatio=" + warningRatio + " reservedOutputTokens="
                + reservedOutputTokens;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BudgetConfig that && limits.equals(that.limits) && warningRatio == that.warningRatio
                && reservedOutputTokens == that.reservedOutputTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(limits, warningRatio, reservedOutputTokens);
    }
}
