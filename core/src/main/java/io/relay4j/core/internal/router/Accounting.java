package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.Usage;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.cost.ModelPrice;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.validation.OutputValidator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a router does about money and answer quality on every attempt, for whole answers and streams alike:
 * prices an attempt's usage, charges it to the provider's budget, tells whether a provider may still be
 * called, and holds the router's default output validator. Immutable; thread-safe as long as the budget
 * store is.
 */
public final class Accounting {

    private final PricingTable prices;
    private final Optional<BudgetTracker> budgets;
    private final Optional<OutputValidator> validator;

    public Accounting(PricingTable pricing, Optional<BudgetTracker> budgets, Optional<OutputValidator> validator) {
        this.prices = Objects.requireNonNull(pricing, "pricing must not be null");
        this.budgets = Objects.requireNonNull(budgets, "budgets must not be null");
        this.validator = Objects.requireNonNull(validator, "validator must not be null");
    }

    /** The validator for requests that bring none of their own. */
    public Optional<OutputValidator> validator() {
        return validator;
    }

    /** False when the provider has spent a budget of the current period: it must be skipped without a call. */
    boolean allows(String provider) {
        return budgets.isEmpty() || budgets.get().allows(provider);
    }

    /**
     * The attempt with its cost, which is also charged to the provider's budget. The model priced is the one
     * the vendor said served the attempt, else the one the request asked for, else the provider's default.
     * An attempt without usage, or on a model the table does not price, has no cost and charges nothing.
     */
    Attempt charge(Attempt attempt, ProviderInfo info, Optional<String> requestedModel,
                   Optional<String> responseModel) {
        if (attempt.usage().equals(Usage.NONE)) {
            return attempt;
        }
        String model = responseModel.filter(m -> !m.isBlank())
                .or(() -> requestedModel.filter(m -> !m.isBlank()))
                .orElse(info.model());
        Optional<ModelPrice> price = prices.priceOf(info.vendor(), model);
        if (price.isEmpty()) {
            return attempt;
        }
        BigDecimal cost = price.get().costOf(attempt.usage());
        budgets.ifPresent(tracker -> tracker.record(attempt.provider(), cost));
        return attempt.withCost(cost);
    }

    /** The answer's cost: that of the attempt that produced it, where known. */
    static Optional<BigDecimal> answerCost(List<Attempt> attempts) {
        for (Attempt attempt : attempts) {
            if (attempt.won()) {
                return attempt.cost();
            }
        }
        return Optional.empty();
    }
}
