package io.relay4j.core.budget;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One spend limit: at most {@code limitUsd} US dollars on {@code provider} per {@code period}.
 *
 * @param provider the provider's name, as named on the router
 */
public record BudgetLimit(String provider, BudgetPeriod period, BigDecimal limitUsd) {

    public BudgetLimit {
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(period, "period must not be null");
        Objects.requireNonNull(limitUsd, "limitUsd must not be null");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("a budget needs the provider's name");
        }
        if (limitUsd.signum() <= 0) {
            throw new IllegalArgumentException("the " + period.tag() + " budget of " + provider
                    + " must be a positive amount of US dollars, was " + limitUsd.toPlainString());
        }
    }
}
