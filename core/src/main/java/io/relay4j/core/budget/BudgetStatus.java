package io.relay4j.core.budget;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * How much of one budget is spent in the current period.
 *
 * @param limit the budget
 * @param spentUsd what was spent on the provider in the current period
 */
public record BudgetStatus(BudgetLimit limit, BigDecimal spentUsd) {

    public BudgetStatus {
        Objects.requireNonNull(limit, "limit must not be null");
        Objects.requireNonNull(spentUsd, "spentUsd must not be null");
    }

    /** The share of the budget spent: 0 when nothing, 1 when exactly all, above 1 when overspent. */
    public double spentRatio() {
        return spentUsd.divide(limit.limitUsd(), MathContext.DECIMAL64).doubleValue();
    }

    /** True when the budget is spent: the provider is skipped until the period ends. */
    public boolean exhausted() {
        return spentUsd.compareTo(limit.limitUsd()) >= 0;
    }
}
