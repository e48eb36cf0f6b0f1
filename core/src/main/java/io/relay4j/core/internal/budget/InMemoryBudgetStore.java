package io.relay4j.core.internal.budget;

import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.core.spi.BudgetStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps the latest window per provider and period, with its spent total and what is reserved on it; a change
 * to a newer window replaces the older one atomically (its reservations go with it), so memory stays bounded
 * by the number of configured limits. Every change is one {@link ConcurrentMap#compute}, hence atomic.
 */
public final class InMemoryBudgetStore implements BudgetStore {

    private record Key(String provider, BudgetPeriod period) {
    }

    private record Total(Instant start, BigDecimal spent, BigDecimal reserved) {
    }

    private final ConcurrentMap<Key, Total> totals = new ConcurrentHashMap<>();

    @Override
    public BigDecimal add(BudgetWindow window, BigDecimal amountUsd) {
        Objects.requireNonNull(amountUsd, "amountUsd must not be null");
        return settle(window, BigDecimal.ZERO, amountUsd);
    }

    @Override
    public BigDecimal spent(BudgetWindow window) {
        Total total = current(window);
        return total == null ? BigDecimal.ZERO : total.spent();
    }

    @Override
    public BigDecimal reserved(BudgetWindow window) {
        Total total = current(window);
        return total == null ? BigDecimal.ZERO : total.reserved();
    }

    @Override
    public boolean reserve(BudgetWindow window, BigDecimal amountUsd, BigDecimal limitUsd) {
        Objects.requireNonNull(amountUsd, "amountUsd must not be null");
        Objects.requireNonNull(limitUsd, "limitUsd must not be null");
        boolean[] admitted = new boolean[1];
        totals.compute(key(window), (key, current) -> {
            Total base = current == null || current.start().isBefore(window.start())
                    ? new Total(window.start(), BigDecimal.ZERO, BigDecimal.ZERO)
                    : current;
            admitted[0] = base.spent().add(base.reserved()).compareTo(limitUsd) < 0;
            if (!admitted[0] || base.start().isAfter(window.start())) {
                // refused; or asked for a window older than the kept one: checked against it, held nowhere,
                // since its settlement (for the older window) could not give it back
                return current;
            }
            return new Total(base.start(), base.spent(), base.reserved().add(amountUsd));
        });
        return admitted[0];
    }

    @Override
    public BigDecimal settle(BudgetWindow window, BigDecimal reservedUsd, BigDecimal actualUsd) {
        Objects.requireNonNull(reservedUsd, "reservedUsd must not be null");
        Objects.requireNonNull(actualUsd, "actualUsd must not be null");
        Total total = totals.compute(key(window), (key, current) -> {
            if (current == null || current.start().isBefore(window.start())) {
                // a newer window starts from zero, with nothing reserved
                return new Total(window.start(), actualUsd, BigDecimal.ZERO);
            }
            // the kept window is this one, or newer: the reservation was made in it only when the starts match
            BigDecimal reserved = current.start().equals(window.start())
                    ? current.reserved().subtract(reservedUsd).max(BigDecimal.ZERO)
                    : current.reserved();
            return new Total(current.start(), current.spent().add(actualUsd), reserved);
        });
        return total.spent();
    }

    private Total current(BudgetWindow window) {
        Total total = totals.get(key(window));
        return total != null && total.start().equals(window.start()) ? total : null;
    }

    private static Key key(BudgetWindow window) {
        return new Key(window.provider(), window.period());
    }
}
