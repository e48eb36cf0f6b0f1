package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.Usage;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.cost.ModelPrice;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.validation.OutputValidator;
import io.relay4j.core.validation.ToolArgumentsValidator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a router does about money and answer quality on every attempt, for whole answers and streams alike:
 * reserves a call's worst-case cost on the provider's budgets when it is admitted, prices an attempt's usage
 * and settles the reservation with that cost when the call ends, and holds the router's default output
 * validator and its tool-arguments validator. Immutable; thread-safe as long as the budget store is.
 */
public final class Accounting {

    /** The reservation of a call that holds nothing on any budget. */
    static final BudgetTracker.Reservation NOT_RESERVED = BudgetTracker.of(BudgetConfig.ofDefaults())
            .reserve("-", BigDecimal.ZERO).orElseThrow();

    private final PricingTable prices;
    private final Optional<BudgetTracker> budgets;
    private final Optional<OutputValidator> validator;
    private final Optional<ToolArgumentsValidator> toolArguments;

    public Accounting(PricingTable pricing, Optional<BudgetTracker> budgets, Optional<OutputValidator> validator) {
        this(pricing, budgets, validator, Optional.empty());
    }

    /** As the three-argument form, with the check of tool calls' arguments the router makes, if any. */
    public Accounting(PricingTable pricing, Optional<BudgetTracker> budgets, Optional<OutputValidator> validator,
                      Optional<ToolArgumentsValidator> toolArguments) {
        this.prices = Objects.requireNonNull(pricing, "pricing must not be null");
        this.budgets = Objects.requireNonNull(budgets, "budgets must not be null");
        this.validator = Objects.requireNonNull(validator, "validator must not be null");
        this.toolArguments = Objects.requireNonNull(toolArguments, "toolArguments must not be null");
    }

    /** The table that prices every attempt. */
    PricingTable pricing() {
        return prices;
    }

    /** The check of every tool call's arguments, if the router has one. */
    Optional<ToolArgumentsValidator> toolArguments() {
        return toolArguments;
    }

    /** The validator for requests that bring none of their own. */
    public Optional<OutputValidator> validator() {
        return validator;
    }

    /**
     * Admits a call to the provider against its budgets: reserves the call's worst case (the prompt's
     * {@code promptTokens} at the input price plus {@code maxOutputTokens}, or the budgets'
     * {@link io.relay4j.core.budget.BudgetConfig#reservedOutputTokens()} when the request sets none, at the output
     * price of the model the request names, else the provider's). {@link #NOT_RESERVED} when nothing needs
     * holding (no budget, or none for this provider); null when a budget is spent counting reservations: the
     * provider must be skipped without a call.
     */
    BudgetTracker.Reservation reserve(String provider, ProviderInfo info, Optional<String> requestedModel,
                                      long promptTokens, OptionalLong maxOutputTokens) {
        if (budgets.isEmpty() || !budgets.get().hasBudget(provider)) {
            return NOT_RESERVED;
        }
        BudgetTracker tracker = budgets.get();
        long output = maxOutputTokens.orElse(tracker.config().reservedOutputTokens());
        BigDecimal worstCase = priceOf(info, requestedModel, Optional.empty())
                .map(price -> price.costOf(Usage.of(promptTokens, output)))
                .orElse(BigDecimal.ZERO);
        return tracker.reserve(provider, worstCase).orElse(null);
    }

    /** Gives back a reservation whose call was never made. */
    static void release(BudgetTracker.Reservation reservation) {
        if (reservation != NOT_RESERVED) {
            reservation.settle(BigDecimal.ZERO);
        }
    }

    /**
     * The attempt with its cost; the call's reservation is settled with that cost (or with nothing). The model
     * priced is the one the vendor said served the attempt, else the one the request asked for, else the
     * provider's default. An attempt without usage, or on a model the table does not price, has no cost.
     */
    Attempt charge(Attempt attempt, ProviderInfo info, Optional<String> requestedModel,
                   Optional<String> responseModel, BudgetTracker.Reservation reservation) {
        BigDecimal cost = attempt.usage().equals(Usage.NONE) ? null
                : priceOf(info, requestedModel, responseModel).map(price -> price.costOf(attempt.usage())).orElse(null);
        if (reservation != NOT_RESERVED) {
            reservation.settle(cost == null ? BigDecimal.ZERO : cost);
        } else if (cost != null) {
            budgets.ifPresent(tracker -> tracker.record(attempt.provider(), cost));
        }
        return cost == null ? attempt : attempt.withCost(cost);
    }

    private Optional<ModelPrice> priceOf(ProviderInfo info, Optional<String> requestedModel,
                                         Optional<String> responseModel) {
        // no capturing lambdas: this runs on every attempt
        String model = named(responseModel);
        if (model == null) {
            model = named(requestedModel);
        }
        return prices.priceOf(info.vendor(), model == null ? info.model() : model);
    }

    private static String named(Optional<String> model) {
        return model.isPresent() && !model.get().isBlank() ? model.get() : null;
    }

    /** The answer's cost: that of the attempt that produced it, where known. */
    static Optional<BigDecimal> answerCost(List<Attempt> attempts) {
        for (int i = 0; i < attempts.size(); i++) {
            Attempt attempt = attempts.get(i);
            if (attempt.won()) {
                return attempt.cost();
            }
        }
        return Optional.empty();
    }
}
