package io.relay4j.core.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps the latest window per provider and period; an add to a newer window replaces the older total
 * atomically, so memory stays bounded by the number of configured limits.
 */
final class InMemoryBudgetStore implements BudgetStore {

    private record Key(String provider, BudgetPeriod period) {
    }

    private record Total(Instant start, BigDecimal spent) {
    }

    private final ConcurrentMap<Key, Total> totals = new ConcurrentHashMap<>();

    @Override
    public BigDecimal add(BudgetWindow window, BigDecimal amountUsd) {
        Objects.requireNonNull(amountUsd, "amountUsd must not be null");
        Total total = totals.merge(new Key(window.provider(), window.period()), new Total(window.start(), amountUsd),
                (current, added) -> {
                    if (current.start().equals(added.start())) {
                        return new Total(current.start(), current.spent().add(added.spent()));
                    }
                    // a newer window starts from zero; a late add for an older window counts in the newer one
                    return current.start().isBefore(added.start())
                            ? added
                            : new Total(current.start(), current.spent().add(added.spent()));
                });
        return total.spent();
    }

    @Override
    public BigDecimal spent(BudgetWindow window) {
        Total total = totals.get(new Key(window.provider(), window.period()));
        return total != null && total.start().equals(window.start()) ? total.spent() : BigDecimal.ZERO;
    }
}
