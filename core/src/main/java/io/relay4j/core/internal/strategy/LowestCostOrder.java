package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.cost.ModelPrice;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.internal.TokenEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Cheapest first, by the router's {@link PricingTable}: the same table, and the same choice of model, that
 * prices each attempt afterwards, so the strategy and the costs on the answers never disagree. The fallback
 * order continues with the next cheapest; equal prices keep priority order.
 *
 * <p>The model priced is the one the provider would be asked for, of the provider's vendor: the model its
 * alias maps to when the request names an alias ({@code ProviderOptions.alias}), else the one the request
 * names, else the provider's own ({@code ProviderInfo.model()}). Providers whose model the table does not price come after every priced one, in
 * priority order: a router asked to save money should not bet on an unknown price. (A self-hosted model
 * with no list price gets one, zero if it costs nothing per token, by adding it to the router's table.)
 *
 * <p>Input and output tokens are priced apart, so which one weighs more decides the order (one model may be
 * cheaper to read, another to write). The blend follows what the request tells:
 * <ul>
 *   <li>With {@code maxTokens} set, providers are ranked by the most the request may cost: its prompt's
 *       tokens (estimated as characters / 4, the router's estimate for context windows too) at the input
 *       price plus {@code maxTokens} at the output price. A short question allowing a long answer ranks by
 *       output price; a long document with a one-line answer ranks by input price.</li>
 *   <li>Without it, the answer's length is unknown, and providers are ranked by the blend that public price
 *       comparisons quote: three input tokens to one output token, a typical chat exchange.</li>
 * </ul>
 * Prompt-cache discounts are left out: whether a prompt will hit a vendor's cache is not known beforehand.
 */
public final class LowestCostOrder implements ProviderOrder {

    /** The input:output token ratio of a request that does not bound its answer. */
    static final double TYPICAL_INPUT_TOKENS_PER_OUTPUT_TOKEN = 3;

    private final PricingTable pricing;

    public LowestCostOrder(PricingTable pricing) {
        this.pricing = Objects.requireNonNull(pricing, "pricing");
    }

    /**
     * The order for a router with these providers, refused when the table prices none of their own models:
     * such a router would only ever try them in priority order, which is not what its builder asked for.
     *
     * @throws IllegalArgumentException naming the unpriced vendor/model pairs and how to price them
     */
    public static LowestCostOrder forProviders(PricingTable pricing, List<LlmProvider> providers) {
        List<String> unpriced = new ArrayList<>();
        for (LlmProvider provider : providers) {
            ProviderInfo info = provider.info();
            if (pricing.priceOf(info.vendor(), info.model()).isPresent()) {
                return new LowestCostOrder(pricing);
            }
            unpriced.add(info.vendor() + "/" + info.model());
        }
        throw new IllegalArgumentException("the lowestCost strategy ranks providers by the router's pricing table, "
                + "which prices none of their models " + unpriced + ": price them with LlmRouter.builder().pricing("
                + "PricingTable.builder().defaults().price(vendor, model, inputPerMillion, outputPerMillion).build())");
    }

    @Override
    public List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                                   RandomGenerator random) {
        return order(request, candidates, stats, random, provider -> request.model());
    }

    @Override
    public List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                                   RandomGenerator random, Function<LlmProvider, Optional<String>> modelOf) {
        double inputTokens;
        double outputTokens;
        if (request.maxTokens().isPresent()) {
            inputTokens = Math.max(1, TokenEstimate.promptTokens(request));
            outputTokens = request.maxTokens().getAsInt();
        } else {
            inputTokens = TYPICAL_INPUT_TOKENS_PER_OUTPUT_TOKEN;
            outputTokens = 1;
        }
        return RankedOrder.byScore(candidates, provider -> {
            String model = modelOf.apply(provider).orElse(provider.info().model());
            return pricing.priceOf(provider.info().vendor(), model)
                    .map(price -> OptionalDouble.of(weighted(price, inputTokens, outputTokens)))
                    .orElse(OptionalDouble.empty());
        }, RankedOrder.Unscored.LAST);
    }

    private static double weighted(ModelPrice price, double inputTokens, double outputTokens) {
        return inputTokens * price.inputPerMillion().doubleValue()
                + outputTokens * price.outputPerMillion().doubleValue();
    }
}
