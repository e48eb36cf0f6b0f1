package io.relay4j.core.budget;

import java.time.Instant;
import java.util.Objects;

/**
 * One provider's spending window: a period and the instant it started (UTC calendar boundaries).
 * A new window begins at each period boundary, which is how budgets roll over.
 */
public record BudgetWindow(String provider, BudgetPeriod period, Instant start) {

    public BudgetWindow {
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(period, "period must not be null");
        Objects.requireNonNull(start, "start must not be null");
    }
}
